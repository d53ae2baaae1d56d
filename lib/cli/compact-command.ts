import { formatBytes } from "@/lib/format/bytes";
import { storeFromArgs } from "./store-option";

const USAGE = `usage: auditlens compact [--db FILE]
Gives the space that deletions (retention, deleting runs) freed in the Auditlens store back to the disk by
rewriting the file. Stop the server first: the rewrite holds the store for its whole duration (a few seconds
a GB) and needs as much free disk as the store's data.`;

/** `auditlens compact`: VACUUM the store, and say how much smaller its file got. */
export async function compactCommand(argv: string[]): Promise<number> {
  const store = storeFromArgs(argv, USAGE);
  if (typeof store === "number") return store;
  const before = await store.maintenance.info();
  await store.maintenance.compact();
  const after = await store.maintenance.info();
  const size = (i: typeof before) => i.fileBytes + i.walBytes;
  process.stdout.write(`compacted: ${formatBytes(size(before))} → ${formatBytes(size(after))} (${formatBytes(Math.max(0, size(before) - size(after)))} given back)\n`);
  return 0;
}
