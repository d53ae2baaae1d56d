import { describe, expect, it } from "vitest";
import { relatedRequestsFrom } from "@/lib/store/sqlite/related";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { ingest, timed } from "./store-helpers";

describe("relatedRequestsFrom", () => {
  it("lists the same user's requests within ±5 minutes in the same cluster, oldest first", () => {
    const { db } = tempDb();
    ingest(db, [
      makeEvent({ auditID: "center", ...timed(10) }),
      makeEvent({ auditID: "before", ...timed(5) }), // exactly 5 min before: inside
      makeEvent({ auditID: "after", ...timed(14) }),
      makeEvent({ auditID: "too-early", ...timed(4.9) }),
      makeEvent({ auditID: "too-late", ...timed(15.1) }),
      makeEvent({ auditID: "bob", ...timed(10), user: { username: "bob" } }),
    ]);
    ingest(db, [makeEvent({ auditID: "other-cluster", ...timed(10) })], "elsewhere");
    const center = listRequestsFrom(db, {}, { limit: 50, cursor: undefined }).items.find((r) => r.auditID === "center")!;
    const related = relatedRequestsFrom(db, center.id);
    expect(related.items.map((r) => r.auditID)).toEqual(["before", "after"]);
    expect(related.total).toBe(2);
  });

  it("keeps the closest when there are many, and nothing for unknown ids", () => {
    const { db } = tempDb();
    ingest(db, [makeEvent({ auditID: "c", ...timed(10) }), ...[1, 2, 3, 4].map((m) => makeEvent({ auditID: `m${m}`, ...timed(10 + m) }))]);
    const c = listRequestsFrom(db, {}, { limit: 50, cursor: undefined }).items.find((r) => r.auditID === "c")!;
    const related = relatedRequestsFrom(db, c.id, 2);
    expect(related.items.map((r) => r.auditID)).toEqual(["m1", "m2"]);
    expect(related.total).toBe(4);
    expect(relatedRequestsFrom(db, 999_999)).toEqual({ items: [], total: 0 });
  });
});
