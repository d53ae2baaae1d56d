import "server-only";
import type { IngestTarget, OwnIngestTarget } from "@/lib/store/ingest-target";
import { openIngestDb, type Db } from "./db";
import { redactionOf } from "./redaction";
import { createRun, finishRun, heartbeatRun, markInterruptedRuns, touchRun } from "./runs";
import { loadTailPosition, saveTailPosition } from "./tail-positions";
import { BatchWriter } from "./writer";

function targetOf(db: Db): IngestTarget {
  return {
    // db.name is the path the connection was opened with: another thread opens the same store by it.
    address: { backend: "sqlite", file: db.name },
    redaction: () => redactionOf(db),
    openRun: (source, filename, cluster) => createRun(db, source, filename, cluster),
    writer: (cluster, runId) => new BatchWriter(db, cluster, runId),
    recordProgress: (summary, bytes) => heartbeatRun(db, summary, bytes),
    keepAlive: (runId) => touchRun(db, runId),
    finishRun: (summary, bytes, status, failure = null) => finishRun(db, summary, bytes, status, failure),
    markInterruptedRuns: () => markInterruptedRuns(db),
    tailPosition: (path) => loadTailPosition(db, path),
    saveTailPosition: (position) => saveTailPosition(db, position),
  };
}

type Targets = WeakMap<Db, IngestTarget>;
// One target per connection, since live runs are registered per target (live-run.ts); on globalThis
// because Next.js dev reloads modules while the connections (db.ts) stay.
const targets: Targets = ((globalThis as { __auditlensIngestTargets?: Targets }).__auditlensIngestTargets ??= new WeakMap());

/** The ingest side of a SQLite store, over a connection the caller keeps (and closes). */
export function sqliteIngestTarget(db: Db): IngestTarget {
  let target = targets.get(db);
  if (!target) {
    target = targetOf(db);
    targets.set(db, target);
  }
  return target;
}

/** A connection of its own to write an ingest through, for a thread that has none (an upload's writer). */
export function openSqliteIngestTarget(file: string): OwnIngestTarget {
  const db = openIngestDb(file);
  return { ...sqliteIngestTarget(db), close: () => db.close() };
}
