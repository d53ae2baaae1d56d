import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { QuerySyntaxError } from "@/lib/query/errors";
import { fieldsOf } from "@/lib/query/fields-of";
import { parseQuery } from "@/lib/query/parse";
import type { FilterNode } from "@/lib/query/tree";
import { durationUs, ruleSchema, type RuleFile } from "./rule";
import { lineOfPath, pathText } from "./rule-lines";
import type { FindingSettings } from "./settings";
import type { Rule, RuleProblem } from "./types";

const CIDRS_VARIABLE = "$AUDITLENS_TRUSTED_CIDRS";
const ANY_VARIABLE = /\$AUDITLENS_[A-Z_]+/g;
/**
 * Stand in for the trusted networks while the setting is unset, so a rule's query is still checked when
 * it loads (two of them, as a list is what the setting gives); the rule itself is off then (`requires`),
 * so these documentation networks never decide a finding.
 */
const UNSET_CIDRS = ["192.0.2.0/24", "198.51.100.0/24"];
/** The store re-judges two windows around every batch it writes, so a window of days would rescan days. */
const MAX_WINDOW_US = 24 * 3_600_000_000;

type Locate = (path: readonly PropertyKey[]) => number;

/** The settings a rule's text depends on. */
export type RuleTextSettings = Pick<FindingSettings, "trustedCidrs">;

/**
 * One rule file's text → the compiled rule, or every problem found in it, each on the line of the key to
 * fix. Never throws: a broken file must not take the others (or the server) down with it.
 */
export function parseRuleText(text: string, file: string, builtin: boolean, settings: RuleTextSettings = { trustedCidrs: null }): Rule | RuleProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => (offset === undefined ? null : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({ file, line: at(e.pos[0]), message: `YAML: ${e.message}` }));
  }
  const locate: Locate = (path) => lineOfPath(doc, lines, path);
  const value: unknown = doc.toJS({ maxAliasCount: 50 });
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [{ file, line: doc.contents ? locate([]) : 1, message: "a rule file holds one rule: a mapping of id, title, severity, …" }];
  }
  const parsed = ruleSchema.safeParse(value);
  if (!parsed.success) return schemaProblems(parsed.error, file, locate);
  return compile(parsed.data, { file, builtin }, settings, locate);
}

function schemaProblems(error: z.ZodError, file: string, locate: Locate): RuleProblem[] {
  const problems = error.issues.flatMap((issue): RuleProblem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ file, line: locate([...issue.path, key]), message: `${pathText([...issue.path, key])}: not a rule key` }));
    }
    const name = pathText(issue.path);
    return [{ file, line: locate(issue.path), message: name ? `${name}: ${issue.message}` : issue.message }];
  });
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function compile(rule: RuleFile, source: Rule["source"], settings: RuleTextSettings, locate: Locate): Rule | RuleProblem[] {
  const problems: RuleProblem[] = [];
  const problem = (path: PropertyKey[], message: string): null => {
    problems.push({ file: source.file, line: locate(path), message: `${pathText(path)}: ${message}` });
    return null;
  };

  const query = (path: PropertyKey[], raw: string): { text: string; tree: FilterNode } | null => {
    const unknown = [...raw.matchAll(ANY_VARIABLE)].map((m) => m[0]).find((v) => v !== CIDRS_VARIABLE);
    if (unknown) return problem(path, `${unknown} is not a setting a match can use (only ${CIDRS_VARIABLE})`);
    if (raw.includes(CIDRS_VARIABLE) && rule.requires !== "AUDITLENS_TRUSTED_CIDRS") {
      return problem(path, `uses ${CIDRS_VARIABLE}: add "requires: AUDITLENS_TRUSTED_CIDRS" so the rule is off while it is unset`);
    }
    const text = raw.replaceAll(CIDRS_VARIABLE, (settings.trustedCidrs ?? UNSET_CIDRS).join(","));
    try {
      const tree = parseQuery(text);
      // Findings are computed from rules, so a rule reading findings would depend on the order rules run in.
      if ((fieldsOf(tree) as Set<string>).has("rule")) return problem(path, "a rule cannot match on rule: (findings of other rules)");
      return { text, tree };
    } catch (e) {
      if (!(e instanceof QuerySyntaxError)) throw e;
      return problem(path, `${e.message} (at character ${e.position + 1} of "${text}")`);
    }
  };

  const match = rule.match === undefined ? null : query(["match"], rule.match);
  const steps = (rule.sequence ?? []).map((step, i) => {
    const compiled = query(["sequence", i, "match"], step.match);
    return compiled && { match: compiled.text, tree: compiled.tree, by: step.by ?? rule.by ?? [], label: step.label ?? null };
  });

  // Steps with a key compare it with each other, so they must read the same fields in the same order.
  const keyed = steps.flatMap((s, i) => (s && s.by.length > 0 ? [{ i, by: s.by }] : []));
  const first = keyed[0];
  for (const { i, by } of keyed.slice(1)) {
    if (first && JSON.stringify(by) !== JSON.stringify(first.by)) {
      const own = rule.sequence?.[i]?.by !== undefined;
      problem(own ? ["sequence", i, "by"] : ["by"], `keyed steps must all use the same by (step ${first.i + 1} uses [${first.by.join(", ")}], step ${i + 1} [${by.join(", ")}]); by: [] makes a step match any key`);
    }
  }
  // A chain is searched from its first step, per key: an unkeyed first step would be tried once per key near it.
  if (first && first.i > 0 && steps[0]) {
    problem(rule.sequence?.[0]?.by !== undefined ? ["sequence", 0, "by"] : ["sequence", 0], "the first step needs the key when later steps have one: a chain starts from its first step");
  }
  if (rule.window !== undefined && durationUs(rule.window) > MAX_WINDOW_US) problem(["window"], "at most 24h");
  // Every query that failed to compile left a problem.
  if (problems.length > 0) return problems;

  const kind = rule.sequence ? "sequence" : rule.threshold !== undefined ? "threshold" : "match";
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    why: rule.why,
    respond: rule.respond,
    attack: rule.attack,
    source,
    kind,
    match: match?.text ?? null,
    tree: match?.tree ?? null,
    threshold: rule.threshold ?? null,
    windowUs: rule.window === undefined ? null : durationUs(rule.window),
    by: kind === "match" ? [] : (rule.by ?? []),
    distinct: rule.distinct ?? [],
    differ: rule.differ ?? [],
    steps: steps.filter((s) => s !== null),
    body: rule.body ?? null,
    file: rule,
  };
}
