import Database from "better-sqlite3";
import { hash } from "node:crypto";
import fs from "node:fs";
import { deflateRawSync } from "node:zlib";
import { hash48 } from "@/lib/ingest/content-hash";
import { auditIdText } from "@/lib/store/sqlite/audit-id";
import { decompressBlock } from "@/lib/store/raw-blocks";
import { migrate, type Db } from "@/lib/store/sqlite/db";
import { decodeStageEvents } from "@/lib/store/sqlite/stage-events";
import { rewindStore } from "../helpers/rewind-store";

type RequestSource = {
  id: number;
  audit_id: string | Buffer;
  events: Buffer | null;
  [column: string]: unknown;
};

/** requests' columns at schema 1 that today's rows still hold as they were then. */
const V1_REQUEST_COLUMNS = [
  "id", "cluster_id", "ts", "latency_us", "stages", "best_stage", "event_count", "flags", "level", "verb_id", "user_id",
  "groups_id", "imp_user_id", "source_ip_id", "user_agent_id", "api_group_id", "api_version_id", "resource_id",
  "subresource_id", "namespace_id", "name", "uri", "code", "decision", "reason_id", "message",
];

const RUN_COLUMNS = "id, source, filename, cluster, started_at, ended_at, heartbeat_at, bytes, events, added, duplicates, invalid, requests, errors, status, failure";

/**
 * Writes `file` as a store of schema 1 holding what `fresh` holds, the way the first Auditlens stored it:
 * plain inserts into the v1 tables. What that version wrote differently from today's writer is written
 * its way: audit_id as text and audit_key as 48 bits of SHA-1 over it (0017 then keeps the "sha1" scheme),
 * blocks deflate-raw (0009: codec 0), one `events` row per stage event hashed over its bytes (0013 packs
 * them, 0021 rehashes them), end_ts (dropped by 0015), no "future" flag (0019 sets it).
 */
export function writeV1Copy(fresh: Db, file: string): void {
  const old = new Database(file);
  try {
    migrate(old, 1);
    old.transaction(() => {
      const strings = old.prepare("INSERT INTO strings (id, value) VALUES (?, ?)");
      for (const s of fresh.prepare<[], { id: number; value: string }>("SELECT id, value FROM strings").all()) strings.run(s.id, s.value);
      const runs = old.prepare(`INSERT INTO runs (${RUN_COLUMNS}) VALUES (${RUN_COLUMNS.split(", ").map(() => "?").join(", ")})`);
      for (const r of fresh.prepare<[], Record<string, unknown>>(`SELECT ${RUN_COLUMNS} FROM runs`).all()) runs.run(...Object.values(r));
      const blocks = old.prepare("INSERT INTO blocks (id, data) VALUES (?, ?)");
      const inflated = new Map<number, Buffer>();
      for (const b of fresh.prepare<[], { id: number; codec: number; data: Buffer }>("SELECT id, codec, data FROM blocks").all()) {
        const text = decompressBlock(b.codec, b.data);
        inflated.set(b.id, text);
        blocks.run(b.id, deflateRawSync(text));
      }
      const columns = [...V1_REQUEST_COLUMNS, "audit_key", "audit_id", "end_ts"];
      const requests = old.prepare(`INSERT INTO requests (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
      const events = old.prepare(
        "INSERT INTO events (request_id, stage, stage_ts, hash, run_id, block_id, byte_offset, byte_length, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const rows = fresh.prepare<[], RequestSource>(`SELECT ${V1_REQUEST_COLUMNS.join(", ")}, audit_id, events FROM requests ORDER BY id`).all();
      for (const r of rows) {
        const stored = decodeStageEvents(r.events);
        const auditId = auditIdText(r.audit_id);
        const endTs = Math.max(...stored.map((e) => e.stageUs));
        const values = V1_REQUEST_COLUMNS.map((c) => (c === "flags" ? (r.flags as number) & ~8 : r[c]));
        requests.run(...values, hash("sha1", auditId, "buffer").readUIntBE(0, 6), auditId, endTs);
        for (const e of stored) {
          const bytes = inflated.get(e.blockId)!.subarray(e.offset, e.offset + e.length);
          events.run(r.id, e.stage, e.stageUs, hash48(bytes), e.runId, e.blockId, e.offset, e.length, e.flags);
        }
      }
    })();
  } finally {
    old.close();
  }
}

/** Brings the store in `file` to schema `version` and closes it, as that version of Auditlens would leave it. */
export function migrateFileTo(file: string, version: number): void {
  const db = new Database(file);
  try {
    migrate(db, version);
  } finally {
    db.close();
  }
}

/** A copy of `fresh` at `copy`, rewound to `version` as if that version had written today's rows. */
export function writeRewoundCopy(fresh: Db, copy: string, version: number): void {
  fresh.pragma("wal_checkpoint(TRUNCATE)");
  fs.copyFileSync(fresh.name, copy);
  const db = new Database(copy);
  try {
    rewindStore(db, version);
  } finally {
    db.close();
  }
}
