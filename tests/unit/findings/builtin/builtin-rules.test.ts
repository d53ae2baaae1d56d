import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findingsOf } from "@/lib/findings/engine";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { ingestEvents } from "../../helpers/ingest-events";
import { tempDb } from "../../helpers/temp-db";
import { auditEvents, exampleRuleIds, readExamples } from "./example-events";
import { contextOf, storedInputs } from "./stored-inputs";

const BUILTIN_DIR = path.join(__dirname, "../../../../lib/findings/builtin");
const builtinIds = fs
  .readdirSync(BUILTIN_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => f.replace(/\.ya?ml$/, ""))
  .sort();

describe("every built-in rule has examples", () => {
  it("has an example file for each rule, and none for a rule that does not exist", () => {
    expect(exampleRuleIds().sort()).toEqual(builtinIds);
  });

  it.each(builtinIds)("%s has events it must find and events it must not", (id) => {
    const events = readExamples(id).flatMap((s, i) => auditEvents(s, i));
    expect(events.some((e) => e.hit)).toBe(true);
    expect(events.some((e) => !e.hit)).toBe(true);
  });

  it("loads every built-in without a problem", () => {
    const set = loadRuleSet({ AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/8", AUDITLENS_TRUSTED_REGISTRIES: "registry.k8s.io/" });
    expect(set.problems).toEqual([]);
    expect(set.rules.map((r) => r.id).sort()).toEqual(builtinIds);
  });

  it("lists every built-in in docs/rules.md's table with its severity", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../../../docs/rules.md"), "utf8");
    const listed = [...readme.matchAll(/^\| `([a-z0-9.-]+)` \| (low|medium|high|critical) \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    const set = loadRuleSet({ AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/8", AUDITLENS_TRUSTED_REGISTRIES: "registry.k8s.io/" });
    expect(listed).toEqual(set.rules.map((r) => `${r.id} ${r.severity}`).sort());
  });
});

describe.each(builtinIds)("built-in rule %s", (id) => {
  it.each(readExamples(id).map((scenario, index) => ({ scenario, index, name: scenario.name })))("$name", async ({ scenario, index }) => {
    const examples = auditEvents(scenario, index);
    const { db } = tempDb();
    const summary = await ingestEvents(db, examples.map((e) => e.event));
    expect(summary.invalid, JSON.stringify(summary.errors)).toBe(0);

    const inputs = await storedInputs(db);
    const ruleSet = loadRuleSet(scenario.env);
    expect(ruleSet.problems).toEqual([]);
    const rule = ruleSet.rules.filter((r) => r.id === id);
    const auditIdOf = new Map(inputs.map((i) => [i.id, i.request.auditID]));
    const found = findingsOf(rule, inputs, contextOf(inputs, scenario.env)).map((h) => auditIdOf.get(h.requestId));
    const expected = examples.filter((e) => e.hit).map((e) => e.event.auditID);
    expect([...new Set(found)].sort()).toEqual([...new Set(expected)].sort());
  });
});
