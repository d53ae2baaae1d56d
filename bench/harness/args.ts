import { parseArgs } from "node:util";
import { parseSize } from "../generate";

export type BenchArgs = {
  /** Requests to generate, and the label the size was given as ("1m"), for file names and the report. */
  size: number;
  sizeLabel: string;
  seed: number;
  /** Timed repetitions per query (after two warm-up runs). */
  runs: number;
  skipHttp: boolean;
  skipJq: boolean;
  /** Keep the stores under bench/data/stores/ instead of deleting them afterwards. */
  keep: boolean;
  /** Run `next build` even when a build exists: the HTTP figures should measure the current code. */
  rebuild: boolean;
  /** Time the work an ingest cannot skip, step by step, instead of running the bench (harness/floor/). */
  floor: boolean;
  /** Instead: time the queries alone on this store, which an earlier `--keep` run left (harness/store-queries.ts). */
  store: string | null;
};

export const USAGE = `usage: npm run bench -- [--size 1m] [--seed 1] [--runs 20] [--skip-http] [--skip-jq] [--keep] [--rebuild] [--floor] [--store FILE]
  --size     requests in the generated log: 200k, 1m, 10m, …
  --seed     generator seed (the log is cached per size and seed in bench/data/)
  --runs     timed repetitions of each query (after 2 warm-up runs)
  --skip-http  no production server: no HTTP upload or page timings
  --skip-jq    no jq baseline
  --keep       keep the stores in bench/data/stores/
  --rebuild    run \`next build\` even if a build exists
  --floor      instead: time each step an ingest cannot skip on the log's first 400k events, and the
               events/s they alone would allow on this machine (reads --size and --seed only)
  --store    instead: time the dashboard's queries on a store a --keep run left (reads --runs only)`;

/** "1000000" → "1m", "200000" → "200k": the canonical label, so `--size 1000k` and `--size 1m` share a cache. */
export function formatSize(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

function integerArg(name: string, text: string, min: number): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < min) throw new Error(`--${name} takes an integer ≥ ${min}, not "${text}"`);
  return n;
}

/** Throws with a message fit for the terminal on anything it does not understand. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      size: { type: "string", default: "1m" },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "20" },
      "skip-http": { type: "boolean", default: false },
      "skip-jq": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      rebuild: { type: "boolean", default: false },
      floor: { type: "boolean", default: false },
      store: { type: "string" },
    },
  });
  const size = parseSize(values.size);
  if (!Number.isInteger(size) || size < 1) throw new Error(`--size takes a count such as 200k, 1m or 10m, not "${values.size}"`);
  return {
    size,
    sizeLabel: formatSize(size),
    seed: integerArg("seed", values.seed, 0),
    runs: integerArg("runs", values.runs, 1),
    skipHttp: values["skip-http"],
    skipJq: values["skip-jq"],
    keep: values.keep,
    rebuild: values.rebuild,
    floor: values.floor,
    store: values.store ?? null,
  };
}
