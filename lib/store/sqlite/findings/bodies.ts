import "server-only";
import type { Bodies } from "@/lib/audit/object-versions";
import type { LoggedBodies } from "@/lib/findings/types";
import type { Db } from "../db";
import { readBodiesByBlock } from "../history-bodies";

/**
 * The logged bodies of stored requests, for body checks: read once per request however many checks ask,
 * and, when the caller knows which requests will be asked for (`prefetch`), read together, since a
 * batch's requests mostly share their blocks.
 */
export class StoredBodies {
  private readonly read = new Map<number, Bodies>();

  constructor(private readonly db: Db) {}

  prefetch(requestIds: readonly number[]): void {
    const missing = requestIds.filter((id) => !this.read.has(id));
    if (missing.length === 0) return;
    for (const [id, bodies] of readBodiesByBlock(this.db, missing)) this.read.set(id, bodies);
  }

  /** What `RuleInput.bodies` returns for one request: undefined when it logged none. */
  of(requestId: number): () => LoggedBodies | undefined {
    return () => {
      if (!this.read.has(requestId)) this.prefetch([requestId]);
      const bodies = this.read.get(requestId);
      // A Metadata-level request logs no body: the check says "not logged", not "nothing found".
      if (!bodies || (bodies.requestObject === undefined && bodies.responseObject === undefined)) return undefined;
      return bodies;
    };
  }
}
