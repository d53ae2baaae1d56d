import { describe, expect, it } from "vitest";
import { auditEventSchema } from "@/lib/audit/event";
import { GUARDED_KEYS, isAuditEvent } from "@/lib/ingest/event-guard";
import { event } from "./helpers";

/** The object schema inside optional/nullable wrappers, if any. */
function shapeKeys(schema: unknown): string[] {
  let current = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown } };
  while (!current.shape && current.def?.innerType) current = current.def.innerType as typeof current;
  return Object.keys(current.shape ?? {}).sort();
}

const WEIRD_VALUES: unknown[] = [
  undefined, null, "", "x", "Event", "audit.k8s.io/v1", "Metadata", "ResponseComplete", 0, 200, 1.5, 2 ** 60, -1,
  true, [], ["a"], [1], [null], {}, { a: "b" }, { a: 1 }, { a: ["b"] }, { a: null },
];

function mutations(): Record<string, unknown>[] {
  const base = event("base", { impersonatedUser: { username: "bob" }, timestamp: "2024-05-10T12:55:43Z" });
  const out: Record<string, unknown>[] = [base];
  const set = (path: string[], value: unknown) => {
    const copy = structuredClone(base) as Record<string, unknown>;
    let target = copy;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    const last = path.at(-1)!;
    if (value === undefined) delete target[last];
    else target[last] = value;
    out.push(copy);
  };
  for (const value of WEIRD_VALUES) {
    for (const key of GUARDED_KEYS.event) set([key], value);
    for (const key of GUARDED_KEYS.user) set(["user", key], value), set(["impersonatedUser", key], value);
    for (const key of GUARDED_KEYS.objectRef) set(["objectRef", key], value);
    for (const key of GUARDED_KEYS.responseStatus) set(["responseStatus", key], value);
    set(["user", "extra", "scopes"], value);
    set(["annotations", "k"], value);
  }
  // The schema's refine: the first present timestamp decides, even when it is empty.
  for (const t of [["requestReceivedTimestamp"], ["stageTimestamp"], ["timestamp"]]) {
    const copy = structuredClone(base) as Record<string, unknown>;
    delete copy.requestReceivedTimestamp;
    delete copy.stageTimestamp;
    delete copy.timestamp;
    copy[t[0]!] = "";
    out.push(copy);
  }
  out.push({ ...base, requestReceivedTimestamp: "", stageTimestamp: "2024-05-10T12:55:43Z" });
  return out;
}

describe("isAuditEvent (the fast path in front of auditEventSchema)", () => {
  it("checks exactly the fields the schema declares", () => {
    const shape = auditEventSchema.shape;
    expect([...GUARDED_KEYS.event].sort()).toEqual(shapeKeys(auditEventSchema));
    expect([...GUARDED_KEYS.user].sort()).toEqual(shapeKeys(shape.user));
    expect([...GUARDED_KEYS.user].sort()).toEqual(shapeKeys(shape.impersonatedUser));
    expect([...GUARDED_KEYS.objectRef].sort()).toEqual(shapeKeys(shape.objectRef));
    expect([...GUARDED_KEYS.responseStatus].sort()).toEqual(shapeKeys(shape.responseStatus));
  });

  it("agrees with the schema on hundreds of mutated events", () => {
    const cases = mutations();
    expect(cases.length).toBeGreaterThan(900);
    const disagreements = cases
      .map((value) => ({ value, guard: isAuditEvent(value), zod: auditEventSchema.safeParse(value).success }))
      .filter((c) => c.guard !== c.zod);
    expect(disagreements).toEqual([]);
  });

  it("rejects non-objects", () => {
    for (const value of [null, undefined, 1, "x", [], [event("a")]]) expect(isAuditEvent(value)).toBe(false);
  });
});
