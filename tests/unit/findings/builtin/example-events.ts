import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { makeEvent } from "../../helpers/events";

/**
 * The example files of the built-in rules (examples/<rule id>.yaml): scenarios of audit events, each
 * marked `hit: true` when the rule must find its request. An event is written as what differs from
 * `makeEvent()`'s plain `kubectl get pod` by alice, with shorthands for what rules look at most.
 */

export const EXAMPLES_DIR = path.join(__dirname, "examples");

const BASE_TIME_MS = Date.parse("2026-03-02T10:00:00Z");


const exampleEvent = z
  .object({
    /** The rule must find this event's request. */
    hit: z.boolean().default(false),
    /** Seconds after the scenario's start (default: one second after the previous event). */
    at: z.number().min(0).optional(),
    /** A username (groups: system:authenticated), or the whole user object. */
    user: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    code: z.number().int().optional(),
    decision: z.enum(["allow", "forbid"]).optional(),
    ip: z.string().optional(),
    ua: z.string().optional(),
    uri: z.string().optional(),
    /** This many requests like it (default 1), `every` seconds apart (default 1). */
    repeat: z.number().int().min(1).max(1000).optional(),
    every: z.number().min(0).optional(),
  })
  .passthrough();
export type ExampleEvent = z.infer<typeof exampleEvent>;

const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  /** Settings the scenario runs with (AUDITLENS_TRUSTED_CIDRS …). */
  env: z.record(z.string(), z.string()).default({}),
  events: z.array(exampleEvent).min(1),
});
export type Scenario = z.infer<typeof scenarioSchema>;

const fileSchema = z.strictObject({ scenarios: z.array(scenarioSchema).min(1) });

export function readExamples(ruleId: string): Scenario[] {
  const text = fs.readFileSync(path.join(EXAMPLES_DIR, `${ruleId}.yaml`), "utf8");
  return fileSchema.parse(parse(text)).scenarios;
}

export function exampleRuleIds(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length));
}

/** The scenario's events as the API server would have written them, each with its auditID. */
export function auditEvents(scenario: Scenario, scenarioIndex: number): { hit: boolean; event: Record<string, unknown> }[] {
  return timed(scenario.events).map(({ example, atMs }, i) => {
    const { hit, at: _at, repeat: _repeat, every: _every, user, code, decision, ip, ua, uri, ...rest } = example;
    const received = new Date(BASE_TIME_MS + atMs);
    const event: Record<string, unknown> = {
      ...makeEvent(),
      auditID: `00000000-0000-4000-8000-${String(scenarioIndex).padStart(4, "0")}${String(i).padStart(8, "0")}`,
      requestReceivedTimestamp: received.toISOString(),
      stageTimestamp: new Date(received.getTime() + 12).toISOString(),
      ...rest,
    };
    if (user !== undefined) event.user = typeof user === "string" ? { username: user, groups: ["system:authenticated"] } : user;
    if (code !== undefined) event.responseStatus = { metadata: {}, code };
    if (decision !== undefined) event.annotations = { "authorization.k8s.io/decision": decision, "authorization.k8s.io/reason": "" };
    if (ip !== undefined) event.sourceIPs = [ip];
    if (ua !== undefined) event.userAgent = ua;
    if (uri !== undefined) event.requestURI = uri;
    // `objectRef: null` in an example: a non-resource request, which has none.
    for (const [key, value] of Object.entries(event)) if (value === null) delete event[key];
    return { hit, event };
  });
}

/** Each example with its time, repeated ones copied. */
function timed(examples: ExampleEvent[]): { example: ExampleEvent; atMs: number }[] {
  const out: { example: ExampleEvent; atMs: number }[] = [];
  let atMs = 0;
  for (const example of examples) {
    atMs = example.at !== undefined ? example.at * 1000 : out.length === 0 ? 0 : atMs + 1000;
    for (let i = 0; i < (example.repeat ?? 1); i++) {
      if (i > 0) atMs += (example.every ?? 1) * 1000;
      out.push({ example, atMs });
    }
  }
  return out;
}
