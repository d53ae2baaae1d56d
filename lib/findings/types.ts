import type { FilterNode } from "@/lib/query/tree";
import type { MatchableRequest } from "@/lib/query/matchable";
import type { BodyCheck, RuleFile, Severity } from "./rule";

/** A rule read, validated and compiled: its expressions parsed once into trees. */
export type Rule = Readonly<{
  id: string;
  title: string;
  severity: Severity;
  description: string;
  why: string;
  respond: string;
  attack: readonly string[];
  /** The file's text as written, for the Findings page. */
  source: { file: string; builtin: boolean };
  kind: "match" | "threshold" | "sequence";
  /** The request filter of a single-match or threshold rule; for a sequence, ANDed into each step. */
  match: string | null;
  tree: FilterNode | null;
  threshold: number | null;
  windowUs: number | null;
  by: readonly string[];
  distinct: readonly string[];
  differ: readonly string[];
  steps: readonly { match: string; tree: FilterNode; by: readonly string[]; label: string | null }[];
  body: BodyCheck | null;
  file: RuleFile;
}>;

/** A rule file that could not be used: the file, the line the problem is on (1-based) and what is wrong. */
export type RuleProblem = { file: string; line: number | null; message: string };

export type RuleSet = { rules: readonly Rule[]; problems: readonly RuleProblem[]; fingerprint: string };

/** The objects an event logged (level Request and up); undefined where it logged none. */
export type LoggedBodies = { requestObject?: unknown; responseObject?: unknown };

/** One request as the engine sees it: its facts, and its logged bodies, read only when a rule asks (undefined: none logged). */
export type RuleInput = { id: number; request: MatchableRequest; bodies: () => LoggedBodies | undefined };

/** What body checks may look up beyond the request itself: settings, and what the store knows of a role. */
export type BodyCheckContext = {
  /** AUDITLENS_TRUSTED_REGISTRIES: image prefixes such as "registry.k8s.io/" or "ghcr.io/acme/". */
  trustedRegistries: readonly string[];
  /**
   * The rules of a (Cluster)Role as logged before the request being checked (its newest logged object
   * before it, so a binding is judged by the role it granted then), or undefined when none was logged.
   */
  roleRules: (ref: { kind: "Role" | "ClusterRole"; namespace: string | null; name: string }) => readonly unknown[] | undefined;
};

/**
 * What a body check says of one request: what it found (a hit, with the finding's detail), that it found
 * nothing (no hit), or that the body was not logged (no hit; the Findings page counts these apart).
 */
export type BodyVerdict = { found: string } | { found: null } | { notLogged: true };

/**
 * A request matching one step of a correlation rule (step 0 for a threshold rule), with the values the
 * correlation compares: `key` joins the `by` fields' values, `distinct` the `distinct` fields', `differ`
 * the `differ` fields'. Stored as they are, so the store can rerun a correlation on a time range.
 */
export type RuleMatch = { requestId: number; tsUs: number; step: number; key: string; distinct: string | null; differ: string | null };

/** A request a rule found, with the detail a body check gave. */
export type Hit = { ruleId: string; requestId: number; tsUs: number; key: string | null; detail: string | null };
