import { z } from "zod";
import { cidrOf } from "@/lib/query/cidr";
import type { RuleProblem } from "./types";

/** The environment variables that shape the rule set; anything else in the environment is ignored. */
export const RULE_ENV = ["AUDITLENS_RULES_DIR", "AUDITLENS_RULES_DISABLE", "AUDITLENS_TRUSTED_CIDRS", "AUDITLENS_TRUSTED_REGISTRIES"] as const;
export type RuleEnv = Readonly<Record<string, string | undefined>>;

export type FindingSettings = Readonly<{
  /** AUDITLENS_RULES_DIR: a folder of *.yaml / *.yml rule files, or null. */
  rulesDir: string | null;
  /** AUDITLENS_RULES_DISABLE: ids of rules to turn off. */
  disable: readonly string[];
  /** AUDITLENS_TRUSTED_CIDRS as CIDRs (a bare address becomes a /32 or /128); null when unset or invalid. */
  trustedCidrs: readonly string[] | null;
  /** AUDITLENS_TRUSTED_REGISTRIES: image prefixes; null when unset or invalid. */
  trustedRegistries: readonly string[] | null;
}>;

const list = (v: string | undefined) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);

const cidrs = z
  .array(
    z
      .string()
      .refine((v) => cidrOf(v) !== null, { error: (i) => `"${String(i.input)}" is not an IP address or CIDR range` })
      .transform((v) => cidrOf(v)!),
  )
  .min(1, "lists no network");

// A prefix is compared with the image reference as written in the pod spec, so a scheme or a space can never match.
const REGISTRY = /^[A-Za-z0-9][A-Za-z0-9.\-:_/@]*$/;
const registries = z
  .array(
    z.string().refine((v) => REGISTRY.test(v) && !v.includes("://"), {
      error: (i) => `"${String(i.input)}" is not an image prefix such as registry.k8s.io/ or ghcr.io/acme/ (no scheme, no spaces)`,
    }),
  )
  .min(1, "lists no registry");

function problemOf(variable: string, error: z.ZodError): RuleProblem {
  const messages = error.issues.map((i) => i.message);
  return { file: variable, line: null, message: `${variable}: ${[...new Set(messages)].join("; ")}` };
}

/**
 * The settings of the rule set, validated. A bad value is a problem naming the variable (shown on the
 * Findings page), never an exception: the setting then counts as unset, so the rules that require it stay off.
 */
export function readFindingSettings(env: RuleEnv): { settings: FindingSettings; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const parsed = <T>(variable: (typeof RULE_ENV)[number], schema: z.ZodType<T>): T | null => {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === "") return null;
    const result = schema.safeParse(list(raw));
    if (result.success) return result.data;
    problems.push(problemOf(variable, result.error));
    return null;
  };
  const dir = env.AUDITLENS_RULES_DIR?.trim();
  const settings: FindingSettings = {
    rulesDir: dir ? dir : null,
    disable: [...new Set(list(env.AUDITLENS_RULES_DISABLE))],
    trustedCidrs: parsed("AUDITLENS_TRUSTED_CIDRS", cidrs),
    trustedRegistries: parsed("AUDITLENS_TRUSTED_REGISTRIES", registries),
  };
  return { settings, problems };
}
