import { z } from "zod";

/**
 * A detection rule as its YAML file states it. Rules are data: the built-in ones live in
 * lib/findings/builtin/ (one file each), users add theirs in AUDITLENS_RULES_DIR. `match` and each step's
 * `match` are query-language expressions (lib/query/parse.ts), so a rule finds exactly what the same
 * text typed into the search box finds.
 */

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Fields a correlation can key on (`by`), count distinct values of (`distinct`) or require to differ (`differ`). */
export const KEY_FIELDS = ["user", "actor", "as", "ip", "ua", "ns", "name", "resource", "subresource", "verb", "group", "cluster", "code", "decision"] as const;
export type KeyField = (typeof KEY_FIELDS)[number];

/** Checks of the logged request body that a query cannot express (lib/findings/body-checks.ts). */
export const BODY_CHECKS = [
  "privileged",
  "host-path",
  "host-network",
  "host-pid",
  "host-ipc",
  "added-capabilities",
  "untrusted-image",
  "powerful-role-ref",
  "powerful-role-rules",
] as const;
export type BodyCheck = (typeof BODY_CHECKS)[number];

/** Settings a rule can depend on: the rule is off unless its setting is set. */
export const RULE_SETTINGS = ["AUDITLENS_TRUSTED_CIDRS", "AUDITLENS_TRUSTED_REGISTRIES"] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

const DURATION = /^([1-9]\d{0,5})(s|m|h)$/;
const UNIT_US = { s: 1_000_000, m: 60_000_000, h: 3_600_000_000 } as const;

/** "30s", "5m", "1h" in microseconds. */
export function durationUs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_US[m[2] as keyof typeof UNIT_US];
}

const text = z.string().trim().min(1);
const keyFields = z.array(z.enum(KEY_FIELDS)).max(6);

const stepSchema = z.strictObject({
  match: text,
  /** Overrides the rule's `by` for this step; [] matches whatever the key (e.g. an RBAC change by anyone). */
  by: keyFields.optional(),
  /** What the step stands for, shown beside its requests ("RBAC grant"). */
  label: z.string().trim().min(1).max(80).optional(),
});
export type SequenceStep = z.infer<typeof stepSchema>;

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,79}$/, "lower-case letters, digits, dots and dashes"),
    title: text.max(120),
    severity: z.enum(SEVERITIES),
    description: text,
    why: text,
    respond: text,
    /** MITRE ATT&CK for Containers technique ids (T1609, T1552.007). */
    attack: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/, "an ATT&CK technique id such as T1609")).default([]),
    /** Every request the rule considers; for a sequence, every step must match it too (optional there). */
    match: text.optional(),
    /** With `window`: a hit needs this many matches (of distinct `distinct` values) within the window by one key. */
    threshold: z.number().int().min(2).max(100_000).optional(),
    window: z.string().regex(DURATION, 'a duration such as "30s", "5m" or "1h"').optional(),
    by: keyFields.optional(),
    distinct: keyFields.min(1).optional(),
    /** Ordered steps within `window`, keyed by `by` (or a step's own). */
    sequence: z.array(stepSchema).min(2).max(5).optional(),
    /** Fields whose value in each later step must differ from the first step's ("exec'd by a different user"). */
    differ: keyFields.min(1).optional(),
    body: z.enum(BODY_CHECKS).optional(),
    requires: z.enum(RULE_SETTINGS).optional(),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (rule.threshold !== undefined && rule.sequence !== undefined) issue("sequence", "a rule has a threshold or a sequence, not both");
    if ((rule.threshold !== undefined || rule.sequence !== undefined) && rule.window === undefined) issue("window", "required with threshold or sequence");
    if (rule.window !== undefined && rule.threshold === undefined && rule.sequence === undefined) issue("window", "only with threshold or sequence");
    if (rule.match === undefined && rule.sequence === undefined) issue("match", "required (a query-language expression)");
    if (rule.distinct !== undefined && rule.threshold === undefined) issue("distinct", "only with threshold");
    if (rule.differ !== undefined && rule.sequence === undefined) issue("differ", "only with sequence");
    if (rule.by !== undefined && rule.threshold === undefined && rule.sequence === undefined) issue("by", "only with threshold or sequence");
    if (rule.body !== undefined && (rule.threshold !== undefined || rule.sequence !== undefined)) issue("body", "only on a rule without threshold or sequence");
  });

export type RuleFile = z.infer<typeof ruleSchema>;
