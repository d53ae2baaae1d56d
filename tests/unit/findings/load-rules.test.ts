import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRuleText } from "@/lib/findings/load-rules";
import type { Rule, RuleProblem } from "@/lib/findings/types";
import { matches } from "@/lib/query/evaluate";
import { requestOf } from "./requests";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

const HEAD = `id: test.rule
title: A test rule
severity: high
description: What it detects.
why: Why it matters.
respond: What to check.
`;

function rule(text: string, settings = { trustedCidrs: null as string[] | null }): Rule {
  const parsed = parseRuleText(text, "rule.yaml", false, settings);
  if (Array.isArray(parsed)) throw new Error(`unexpected problems: ${JSON.stringify(parsed)}`);
  return parsed;
}

function problems(text: string): RuleProblem[] {
  const parsed = parseRuleText(text, "rule.yaml", false);
  if (!Array.isArray(parsed)) throw new Error("expected problems, got a rule");
  return parsed;
}

describe("parseRuleText", () => {
  it("compiles a match rule: its query parsed once, as the search box parses it", () => {
    const r = rule(fixture("pod-exec.yaml"));
    expect(r).toMatchObject({ id: "test.pod-exec", kind: "match", severity: "high", attack: ["T1609"], match: "verb:create,get resource:pods/exec", by: [], body: null });
    expect(matches(r.tree!, requestOf({ verb: "create", subresource: "exec" }))).toBe(true);
    expect(matches(r.tree!, requestOf({ verb: "create", subresource: "log" }))).toBe(false);
  });

  it("compiles a threshold rule with its window in microseconds", () => {
    expect(rule(fixture("denied-burst.yaml"))).toMatchObject({ kind: "threshold", threshold: 3, windowUs: 60_000_000, by: ["user", "ip"], distinct: [] });
  });

  it("gives each sequence step the rule's by unless the step has its own", () => {
    const r = rule(`${HEAD}window: 5m\nby: [user]\nsequence:\n  - { match: 'verb:create', label: made }\n  - { match: 'verb:delete', by: [] }\n`);
    expect(r.kind).toBe("sequence");
    expect(r.steps.map((s) => ({ by: s.by, label: s.label }))).toEqual([{ by: ["user"], label: "made" }, { by: [], label: null }]);
  });

  it("refuses an unkeyed first step before keyed ones: chains are searched from their first step, per key", () => {
    const text = `${HEAD}window: 5m\nby: [user]\nsequence:\n  - match: 'verb:create'\n    by: []\n  - match: 'verb:delete'\n`;
    expect(problems(text)).toEqual([{ file: "rule.yaml", line: 11, message: expect.stringMatching(/^sequence\[0\]\.by: the first step needs the key/) }]);
  });

  it("reports a YAML syntax error on its line", () => {
    expect(problems(`${HEAD}attack: [T1609\nmatch: 'verb:get'\n`)).toEqual([expect.objectContaining({ file: "rule.yaml", line: 8, message: expect.stringMatching(/^YAML: /) })]);
  });

  it("reports a duplicate key on the line of its second occurrence", () => {
    expect(problems(`${HEAD}match: 'verb:get'\nmatch: 'verb:list'\n`)).toEqual([expect.objectContaining({ line: 8 })]);
  });

  it("reports a bad severity on the severity line, naming the key", () => {
    const found = problems(HEAD.replace("severity: high", "severity: urgent") + "match: 'verb:get'\n");
    expect(found).toEqual([{ file: "rule.yaml", line: 3, message: expect.stringMatching(/^severity: .*"critical"/) }]);
  });

  it("reports an unknown key on its own line", () => {
    expect(problems(`${HEAD}match: 'verb:get'\nseverty: low\n`)).toEqual([{ file: "rule.yaml", line: 8, message: "severty: not a rule key" }]);
  });

  it("reports every schema problem, in line order", () => {
    const found = problems(HEAD.replace("severity: high", "severity: 3") + "attack: [T1609, nope]\nmatch: 'verb:get'\nwindow: 5 minutes\n");
    expect(found.map((p) => [p.line, p.message.split(":")[0]])).toEqual([[3, "severity"], [7, "attack[1]"], [9, "window"]]);
  });

  it("reports a query syntax error on the match line, saying where in the query", () => {
    expect(problems(`${HEAD}match: 'verb:get (resource:pods'\n`)).toEqual([{ file: "rule.yaml", line: 7, message: expect.stringMatching(/^match: Unclosed \(.*at character 10/) }]);
  });

  it("names the sequence step whose query is wrong, on its line", () => {
    const text = `${HEAD}window: 5m\nsequence:\n  - match: 'verb:create'\n  - match: 'colour:red'\n`;
    expect(problems(text)).toEqual([{ file: "rule.yaml", line: 10, message: expect.stringMatching(/^sequence\[1\]\.match: Unknown field "colour"/) }]);
  });

  it("refuses rule: in a match: findings cannot depend on findings", () => {
    expect(problems(`${HEAD}match: 'rule:k8s.pod-exec'\n`)).toEqual([expect.objectContaining({ line: 7, message: expect.stringMatching(/^match: /) })]);
  });

  it("refuses keyed steps with different by lists", () => {
    const text = `${HEAD}window: 5m\nby: [user]\nsequence:\n  - match: 'verb:create'\n  - match: 'verb:delete'\n    by: [ip]\n`;
    expect(problems(text)).toEqual([{ file: "rule.yaml", line: 12, message: expect.stringMatching(/^sequence\[1\]\.by: keyed steps must all use the same by/) }]);
  });

  it("checks the combination of keys: a window needs a threshold or a sequence", () => {
    expect(problems(`${HEAD}match: 'verb:get'\nwindow: 5m\n`)).toEqual([{ file: "rule.yaml", line: 8, message: "window: only with threshold or sequence" }]);
  });

  it("keeps a window to a day at most", () => {
    expect(rule(`${HEAD}match: 'code:403'\nthreshold: 2\nwindow: 24h\n`).windowUs).toBe(86_400_000_000);
    expect(problems(`${HEAD}match: 'code:403'\nthreshold: 2\nwindow: 1441m\n`)).toEqual([{ file: "rule.yaml", line: 9, message: "window: at most 24h" }]);
  });

  it("reports a file that is not one mapping", () => {
    expect(problems("- id: a\n")).toEqual([{ file: "rule.yaml", line: 1, message: expect.stringContaining("one rule") }]);
    expect(problems("# nothing yet\n")).toEqual([{ file: "rule.yaml", line: 1, message: expect.stringContaining("one rule") }]);
  });

  it("puts the trusted networks into the query, a bare address as its /32", () => {
    const r = rule(fixture("untrusted-ip.yaml"), { trustedCidrs: ["10.0.0.0/8", "192.168.1.5/32", "fd00::/8"] });
    expect(r.match).toBe("ip:* -ip:10.0.0.0/8,192.168.1.5/32,fd00::/8");
    expect(matches(r.tree!, requestOf({ sourceIP: "10.1.2.3" }))).toBe(false);
    expect(matches(r.tree!, requestOf({ sourceIP: "fd00::1" }))).toBe(false);
    expect(matches(r.tree!, requestOf({ sourceIP: "203.0.113.9" }))).toBe(true);
    expect(matches(r.tree!, requestOf({ sourceIP: null }))).toBe(false);
  });

  it("still checks a rule that uses the trusted networks while they are unset", () => {
    expect(rule(fixture("untrusted-ip.yaml")).kind).toBe("match");
  });

  it("checks a query with the trusted networks as a list even while they are unset", () => {
    const quoted = `${HEAD}match: 'ip:* -ip:"$AUDITLENS_TRUSTED_CIDRS"'\nrequires: AUDITLENS_TRUSTED_CIDRS\n`;
    expect(problems(quoted)).toEqual([{ file: "rule.yaml", line: 7, message: expect.stringMatching(/^match: CIDR prefix/) }]);
  });

  it("refuses $AUDITLENS_TRUSTED_CIDRS without requires, and any other variable", () => {
    expect(problems(`${HEAD}match: '-ip:$AUDITLENS_TRUSTED_CIDRS'\n`)[0]!.message).toMatch(/requires: AUDITLENS_TRUSTED_CIDRS/);
    expect(problems(`${HEAD}match: 'ua:$AUDITLENS_TRUSTED_REGISTRIES'\n`)[0]!.message).toMatch(/not a setting a match can use/);
  });
});
