import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { BUILTIN_RULES } from "./builtin-rules.generated";
import { parseRuleText } from "./load-rules";
import { readFindingSettings, RULE_ENV, type FindingSettings, type RuleEnv } from "./settings";
import type { Rule, RuleProblem, RuleSet } from "./types";

/**
 * Bump when what the engine finds changes for the same rules (a body check, the correlation semantics):
 * findings stored before then count as stale, and the Findings page offers to recompute them.
 */
const ENGINE_VERSION = 1;
const RULE_FILE = /\.ya?ml$/i;
const CACHED_SETS = 8;

export type RuleFileText = { file: string; text: string };

const cache = new Map<string, RuleSet>();

/**
 * The rules in force: the built-ins, then AUDITLENS_RULES_DIR's files (a user rule with a built-in's id
 * replaces it), less the disabled ones, those `enabled: false` and those requiring an unset setting.
 * Cached per distinct settings and rule files (name, size, modification time), so it is cheap to call
 * for every batch and a changed file is read again without a restart.
 */
export function loadRuleSet(env: RuleEnv = process.env): RuleSet {
  const dir = env.AUDITLENS_RULES_DIR?.trim() || null;
  const listing = dir ? dirListing(dir) : null;
  const key = JSON.stringify([RULE_ENV.map((name) => env[name] ?? null), listing]);
  const cached = cache.get(key);
  if (cached) return cached;
  const userFiles = listing && "files" in listing ? listing.files.map((f) => readRuleFile(path.join(/*turbopackIgnore: true*/ dir!, f.name))) : [];
  const set = buildRuleSet(BUILTIN_RULES, userFiles, env, listing && "error" in listing ? listing.error : null);
  if (cache.size >= CACHED_SETS) cache.delete(cache.keys().next().value!);
  cache.set(key, set);
  return set;
}

/**
 * The rule set from rule texts, without touching the file system: loadRuleSet's logic, for tests and for
 * callers that hold the texts already. `dirError` is why AUDITLENS_RULES_DIR could not be listed.
 */
export function buildRuleSet(builtins: readonly RuleFileText[], userFiles: readonly (RuleFileText | RuleProblem)[], env: RuleEnv, dirError: string | null = null): RuleSet {
  const { settings, problems } = readFindingSettings(env);
  if (dirError) problems.push({ file: "AUDITLENS_RULES_DIR", line: null, message: `AUDITLENS_RULES_DIR: ${dirError}` });
  const parse = (files: readonly (RuleFileText | RuleProblem)[], builtin: boolean): Map<string, Rule> => {
    const rules = new Map<string, Rule>();
    for (const f of files) {
      if ("message" in f) {
        problems.push(f);
        continue;
      }
      const file = builtin ? `lib/findings/builtin/${f.file}` : f.file;
      const parsed = parseRuleText(f.text, file, builtin, settings);
      if (Array.isArray(parsed)) problems.push(...parsed);
      else if (rules.has(parsed.id)) problems.push({ file, line: idLine(f.text), message: `id: ${parsed.id} is already the id of ${rules.get(parsed.id)!.source.file}` });
      else rules.set(parsed.id, parsed);
    }
    return rules;
  };
  const all = new Map([...parse(builtins, true), ...parse(userFiles, false)]);
  for (const id of settings.disable) {
    if (!all.has(id)) problems.push({ file: "AUDITLENS_RULES_DISABLE", line: null, message: `AUDITLENS_RULES_DISABLE: no rule has the id "${id}"` });
  }
  const disabled = new Set(settings.disable);
  const rules = [...all.values()]
    .filter((rule) => rule.file.enabled && !disabled.has(rule.id) && requirementMet(rule, settings))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules, problems, fingerprint: fingerprintOf(rules, settings) };
}

function requirementMet(rule: Rule, settings: FindingSettings): boolean {
  switch (rule.file.requires) {
    case undefined:
      return true;
    case "AUDITLENS_TRUSTED_CIDRS":
      return settings.trustedCidrs !== null;
    case "AUDITLENS_TRUSTED_REGISTRIES":
      return settings.trustedRegistries !== null;
  }
}

/**
 * What decides the hits, and nothing else: a changed title or description leaves findings current, a
 * changed query, window, key or trusted registry makes them stale. The trusted networks are inside the
 * queries already, substituted.
 */
function fingerprintOf(rules: readonly Rule[], settings: FindingSettings): string {
  const decisive = rules.map((r) => ({
    id: r.id,
    kind: r.kind,
    match: r.match,
    threshold: r.threshold,
    windowUs: r.windowUs,
    by: r.by,
    distinct: r.distinct,
    differ: r.differ,
    steps: r.steps.map((s) => ({ match: s.match, by: s.by })),
    body: r.body,
  }));
  const text = JSON.stringify({ engine: ENGINE_VERSION, trustedRegistries: settings.trustedRegistries, rules: decisive });
  return createHash("sha256").update(text).digest("hex");
}

/** The line of a file's top-level `id:` key, for a problem about the id. */
function idLine(text: string): number | null {
  const index = text.split(/\r?\n/).findIndex((line) => /^id\s*:/.test(line));
  return index < 0 ? null : index + 1;
}

type Listing = { files: { name: string; size: number; mtimeMs: number }[] } | { error: string };

function dirListing(dir: string): Listing {
  try {
    const names = fs.readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true }).filter((e) => e.isFile() && RULE_FILE.test(e.name)).map((e) => e.name).sort();
    return {
      files: names.map((name) => {
        const stat = fs.statSync(path.join(/*turbopackIgnore: true*/ dir, name), { throwIfNoEntry: false });
        return { name, size: stat?.size ?? -1, mtimeMs: stat?.mtimeMs ?? -1 };
      }),
    };
  } catch (e) {
    return { error: `cannot read the folder ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
}

function readRuleFile(file: string): RuleFileText | RuleProblem {
  try {
    return { file, text: fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8") };
  } catch (e) {
    return { file, line: null, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
}
