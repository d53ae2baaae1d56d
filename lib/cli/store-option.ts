import { parseArgs } from "node:util";
import { auditStore, auditStoreFile, type AuditStore } from "@/lib/store";

/**
 * The store a maintenance command (`redact`, `compact`) works on: `--db FILE` or AUDITLENS_DB, named on
 * stderr; its maintenance goes through the process's writing connection, opened at first use. A number
 * is the exit code instead: 0 after `--help`, 2 for bad arguments.
 */
export function storeFromArgs(argv: string[], usage: string): AuditStore | number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: false, options: { db: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stderr.write(`${usage}\n`);
    return 0;
  }
  if (parsed.values.db) process.env.AUDITLENS_DB = parsed.values.db;
  const store = auditStore();
  process.stderr.write(`store: ${auditStoreFile()}\n`);
  return store;
}
