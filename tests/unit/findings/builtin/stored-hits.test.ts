import { afterEach, describe, expect, it, vi } from "vitest";
import { findingsOf } from "@/lib/findings/engine";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { RULE_SETTINGS } from "@/lib/findings/rule";
import type { Db } from "@/lib/store/sqlite/db";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { ingestEvents } from "../../helpers/ingest-events";
import { tempDb } from "../../helpers/temp-db";
import { auditEvents, exampleRuleIds, readExamples } from "./example-events";
import { contextOf, storedInputs } from "./stored-inputs";

afterEach(() => vi.unstubAllEnvs());

/** Every (rule, request, detail) the store kept, through its own read; requests by audit ID, which two stores share. */
async function storedHits(db: Db): Promise<string[]> {
  const store = sqliteStore(db);
  const out: string[] = [];
  for (const { id, request } of await storedInputs(db)) {
    for (const f of await store.findings.ofRequest(id, null)) out.push(`${f.ruleId} ${request.auditID} ${f.detail}`);
  }
  return out.sort();
}

/** What the engine finds on the same stored requests, all at once: the reference. */
async function engineHits(db: Db, env: Record<string, string>): Promise<string[]> {
  const inputs = await storedInputs(db);
  const auditIdOf = new Map(inputs.map((i) => [i.id, i.request.auditID]));
  return findingsOf(loadRuleSet(env).rules, inputs, contextOf(inputs, env))
    .map((h) => `${h.ruleId} ${auditIdOf.get(h.requestId)} ${h.detail}`)
    .sort();
}

// Every built-in rule runs on every scenario here, not only the one it illustrates: the store keeps all.
describe.each(exampleRuleIds())("the store's findings on the examples of %s", (id) => {
  it.each(readExamples(id).map((scenario, index) => ({ scenario, index, name: scenario.name })))("$name", async ({ scenario, index }) => {
    // The store reads its rule set from the environment, as the server does.
    for (const setting of RULE_SETTINGS) vi.stubEnv(setting, scenario.env[setting] ?? "");
    const events = auditEvents(scenario, index).map((e) => e.event);

    const oneByOne = tempDb().db;
    for (const event of events) await ingestEvents(oneByOne, [event]);
    const reversed = tempDb().db;
    await ingestEvents(reversed, [...events].reverse());

    const expected = await engineHits(oneByOne, scenario.env);
    expect(await storedHits(oneByOne)).toEqual(expected);
    expect(await storedHits(reversed)).toEqual(expected);
  });
});
