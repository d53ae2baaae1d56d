import "server-only";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { migrations } from "./migrations";
import { registerSqlFunctions } from "./sql-functions";

export type Db = Database.Database;

export function defaultDbPath(): string {
  // The store is a run-time file, not part of the build: keep Turbopack from tracing the project for it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.AUDITLENS_DB ?? path.join(process.cwd(), "data", "auditlens.db"));
}

/**
 * How much of the store a reading connection maps into memory (SQLite's cap: just under 2 GiB). A query
 * that looks up scattered rows (free text, names, URIs) then reads their pages where they lie instead of
 * copying each into the connection's cache: the free-text dashboard at 1M requests goes from ~65 to ~35 ms.
 * Mapped pages count in the process's RSS while the kernel keeps them, but they are the page cache, not
 * the process's own memory. The ingest connection does not map: its index walks would show up as RSS.
 */
export const READ_MMAP_BYTES = 0x7fff0000;

/**
 * Page cache of the connection ingest writes through. A quarter of the reading connection's: a batch's
 * inserts touch the right edge of the time-ordered indexes and a few pages per user or combination, and
 * a page that misses is read back from the OS's cache. At 1M requests an upload then peaked at ~293 MB
 * instead of ~345 (with the writer's smaller young generation, limits.ts); ingest's budget is 300.
 */
const INGEST_CACHE_MB = 16;
const READ_CACHE_MB = 64;

export type OpenOptions = { mapped?: boolean; cacheMb?: number };

export function openDb(file: string, opts: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // 16 KiB pages for a new store: fewer B-tree splits on bulk insert and fewer page reads per scan
  // (measured ~+15–30% ingest). An existing store keeps its page size; changing it needs a VACUUM.
  if (isEmpty(db)) db.pragma("page_size = 16384");
  db.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 10000");
  db.pragma(`cache_size = ${-1024 * (opts.cacheMb ?? READ_CACHE_MB)}`);
  db.pragma("temp_store = MEMORY");
  // Checkpoint every ~40 MB of WAL rather than every 4 MB: a bulk ingest then copies each hot index page
  // into the database file once per many batches instead of once per batch.
  db.pragma("wal_autocheckpoint = 10000");
  if (opts.mapped) db.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
  registerSqlFunctions(db);
  migrate(db);
  return db;
}

function isEmpty(db: Db): boolean {
  return (db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number }).n === 0;
}

/** Brings the store to `target` (tests build stores of earlier versions with it), by default the latest. */
export function migrate(db: Db, target = migrations[migrations.length - 1]!.version): void {
  const version = () => db.pragma("user_version", { simple: true }) as number;
  const latest = migrations[migrations.length - 1]!.version;
  // Written by a newer Auditlens: this one would write rows that version reads wrong (audit keys, say).
  if (version() > latest) throw new Error(`${db.name} has store schema ${version()}, newer than this Auditlens knows (${latest}): upgrade Auditlens to open it`);
  for (const m of migrations) {
    if (m.version <= version() || m.version > target) continue;
    db.transaction(() => {
      // Read again under the write lock: another process (the server, the CLI) may have applied it meanwhile.
      if (m.version <= version()) return;
      m.functions?.(db);
      db.exec(m.sql);
      m.rewrite?.(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

type Connection = { db: Db | null; file: string | null };
type Holder = { reader: Connection; writer: Connection };
// Next.js dev reloads modules; keep the connections on globalThis, one of each per process.
const holder: Holder = ((globalThis as { __auditlensDbs?: Holder }).__auditlensDbs ??= {
  reader: { db: null, file: null },
  writer: { db: null, file: null },
});

function connection(c: Connection, opts: OpenOptions): Db {
  const file = defaultDbPath();
  if (c.db && c.file === file) return c.db;
  c.db?.close();
  c.db = openDb(file, opts);
  c.file = file;
  return c.db;
}

/**
 * The process-wide reading connection to the store named by AUDITLENS_DB (default ./data/auditlens.db):
 * pages, API reads, saved views. Memory-mapped (READ_MMAP_BYTES).
 */
export function db(): Db {
  return connection(holder.reader, { mapped: true });
}

/**
 * The process-wide connection ingest writes through (uploads, the webhook, the tailed file, the CLI). WAL
 * lets it commit while the reading connection answers queries; those see each batch once it commits.
 */
export function ingestDb(): Db {
  return connection(holder.writer, { cacheMb: INGEST_CACHE_MB });
}

/** A connection of its own to write an ingest through, for a thread that has none (an upload's writer). */
export function openIngestDb(file: string): Db {
  return openDb(file, { cacheMb: INGEST_CACHE_MB });
}

export function closeDb(): void {
  for (const c of [holder.reader, holder.writer]) {
    c.db?.close();
    c.db = null;
    c.file = null;
  }
}
