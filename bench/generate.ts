// Deterministic Kubernetes audit-log generator for the benchmark:
//   npx tsx bench/generate.ts --size 1m [--seed 42] [--out FILE] [--no-bodies]
// Writes JSON lines, one audit.k8s.io/v1 Event per line; the same size and seed give the same bytes.
import { once } from "node:events";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateAuditLog } from "./generator/generate";
import { defaultOutPath, parseSize } from "./generator/size";

export { generateAuditLog, type GenerateOptions } from "./generator/generate";
export { parseSize } from "./generator/size";

type CliOptions = { size: string; requests: number; seed: number; out: string; bodies: boolean };

const USAGE = "usage: npx tsx bench/generate.ts [--size 1m] [--seed 1] [--out FILE] [--no-bodies]";

export function parseArgs(argv: readonly string[]): CliOptions {
  let size = "1m";
  let seed = 1;
  let out: string | undefined;
  let bodies = true;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === "--size") size = value();
    else if (flag === "--seed") {
      const text = value();
      seed = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed)) throw new Error(`invalid seed "${text}": expected a non-negative integer`);
    } else if (flag === "--out") out = value();
    else if (flag === "--no-bodies") bodies = false;
    else throw new Error(`unknown argument "${argv[i]}"\n${USAGE}`);
  }
  const requests = parseSize(size);
  return { size, requests, seed, out: out ?? defaultOutPath(size, seed, bodies), bodies };
}

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  mkdirSync(path.dirname(opts.out), { recursive: true });
  const stream = createWriteStream(opts.out, { highWaterMark: 4 << 20 });
  const started = process.hrtime.bigint();
  let events = 0;
  let bytes = 0;
  // Lines are joined into ~1 MB chunks: one write per line would cost more than generating it.
  let chunk: string[] = [];
  let chunkLength = 0;
  const flush = async () => {
    const text = chunk.join("");
    chunk = [];
    chunkLength = 0;
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await once(stream, "drain");
  };
  for (const line of generateAuditLog({ requests: opts.requests, seed: opts.seed, bodies: opts.bodies })) {
    chunk.push(line, "\n");
    chunkLength += line.length + 1;
    events++;
    if (chunkLength >= 1 << 20) await flush();
  }
  await flush();
  stream.end();
  await once(stream, "finish");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.error(
    [
      `file      ${opts.out}`,
      `requests  ${opts.requests}`,
      `events    ${events}`,
      `bytes     ${bytes} (${(bytes / 1e6).toFixed(1)} MB, ${(bytes / events).toFixed(0)} B/event)`,
      `seconds   ${seconds.toFixed(1)} (${Math.round(events / seconds)} events/s)`,
    ].join("\n"),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
