import fs from "node:fs";
import path from "node:path";
import { formatSize } from "./args";
import { DATA_DIR, ROOT } from "./paths";
import { describeFailure, runTimed } from "./spawn";

export type GeneratedLog = { file: string; bytes: number; size: number; seed: number; bodies: boolean; cached: boolean };

export function logPath(size: number, seed: number, bodies: boolean): string {
  return path.join(DATA_DIR, `audit-${formatSize(size)}-seed${seed}${bodies ? "" : "-nobodies"}.log`);
}

/**
 * The generated log for (size, seed, bodies), made once with bench/generate.ts and reused: generation is
 * deterministic per seed, and at 10m it takes longer than some of what is being measured. Written under a
 * temporary name and renamed, so an interrupted run never leaves a truncated file in the cache.
 */
export async function ensureLog(size: number, seed: number, bodies: boolean): Promise<GeneratedLog> {
  const file = logPath(size, seed, bodies);
  if (fs.existsSync(file)) return { file, bytes: fs.statSync(file).size, size, seed, bodies, cached: true };
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const partial = `${file}.partial`;
  const args = ["--import", "tsx", path.join(ROOT, "bench", "generate.ts"), "--size", String(size), "--seed", String(seed), "--out", partial];
  if (!bodies) args.push("--no-bodies");
  process.stderr.write(`generating ${path.relative(ROOT, file)} …\n`);
  const done = await runTimed(process.execPath, args, { cwd: ROOT });
  if (done.code !== 0) {
    fs.rmSync(partial, { force: true });
    throw describeFailure("bench/generate.ts", done);
  }
  fs.renameSync(partial, file);
  process.stderr.write(`generated in ${done.seconds.toFixed(1)} s\n`);
  return { file, bytes: fs.statSync(file).size, size, seed, bodies, cached: false };
}
