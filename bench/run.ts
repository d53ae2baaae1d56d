// `npm run bench -- [--size 1m] [--seed 1] [--runs 20] [--skip-http] [--skip-jq] [--keep] [--rebuild] [--floor] [--store FILE]`
// Ingest, store size, dashboard queries and the jq baseline on one generated log, in one run; prints a table
// with each target beside its figure and writes bench/results/latest.json. Runs under
// `node --conditions=react-server --import tsx` so that lib/'s "server-only" imports load outside Next.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDb } from "@/lib/store/sqlite/db";
import { parseBenchArgs, USAGE, type BenchArgs } from "./harness/args";
import { ingestWithCli, type IngestMeasurement } from "./harness/cli-ingest";
import { ensureLog, type GeneratedLog } from "./harness/dataset";
import { runFloor } from "./harness/floor/run-floor";
import { timeHttpPages } from "./harness/http-pages";
import { ingestWithHttp } from "./harness/http-ingest";
import { findJq, timeJqCountByVerb } from "./harness/jq-baseline";
import { ensureBuild, startServer, type NextServer } from "./harness/next-server";
import { DATA_DIR, ROOT } from "./harness/paths";
import { round } from "./harness/percentile";
import { runQuerySuite } from "./harness/query-suite";
import { runStoreQueries } from "./harness/store-queries";
import { jqRatio10, perSecond, storeRatio } from "./harness/ratios";
import { describePicks, reportRows, targetSummary } from "./harness/report";
import { MB, machine, writeResults, type BenchResult, type IngestFigures, type StoreFigures } from "./harness/results";
import { measureStore } from "./harness/store-size";
import { formatNumber, formatTable } from "./harness/table";
import { targetsFor } from "./harness/targets";

const log = (line: string) => process.stderr.write(`${line}\n`);

function ingestFigures(m: IngestMeasurement, fileBytes: number): IngestFigures {
  const eps = perSecond(m.counts.events, m.seconds);
  const mbps = perSecond(fileBytes / MB, m.seconds);
  return {
    seconds: round(m.seconds, 2),
    events: m.counts.events,
    requests: m.counts.requests,
    eventsPerSec: eps === null ? null : round(eps),
    mbPerSec: mbps === null ? null : round(mbps, 1),
    peakRssMb: m.memory ? round(m.memory.treeRssBytes / MB) : null,
    peakProcessRssMb: m.memory ? round(m.memory.processHwmBytes / MB) : null,
  };
}

function storeFigures(file: string, rawBytes: number, requests: number): StoreFigures {
  const size = measureStore(file);
  return {
    bytes: size.bytes,
    storeRatio: round(storeRatio(size.bytes, rawBytes), 4),
    bytesPerRequest: round(size.bytes / Math.max(1, requests)),
    breakdown: size.breakdown?.slice(0, 15) ?? null,
  };
}

function describeIngest(what: string, f: IngestFigures): string {
  return `${what}: ${f.events} events in ${f.seconds} s = ${f.eventsPerSec} events/s, ${f.mbPerSec} MB/s, peak ${f.peakRssMb} MB`;
}

/** The HTTP upload and page timings; any failure (no build, build broken) is reported, not fatal. */
async function httpPart(args: BenchArgs, logFile: GeneratedLog, storesDir: string, cli: IngestFigures) {
  if (args.skipHttp) return { ingest: null, pages: null, skipped: "--skip-http" };
  let server: NextServer | null = null;
  try {
    const build = await ensureBuild(args.rebuild);
    if (build.stale) log("warning: the Next build is older than app/, lib/ or components/; HTTP figures are of the built code (--rebuild to rebuild)");
    server = await startServer(path.join(storesDir, "http.db"));
    onInterrupt.push(server.stop);
    log(`HTTP upload to ${server.url} …`);
    const m = ingestFigures(await ingestWithHttp(server.url, server.pid, logFile.file), logFile.bytes);
    log(describeIngest("  HTTP upload", m));
    const ratio = m.eventsPerSec !== null && cli.eventsPerSec ? round(m.eventsPerSec / cli.eventsPerSec, 3) : null;
    log("HTTP pages …");
    const pages = await timeHttpPages(server.url, args.runs);
    for (const p of pages) log(`  ${p.label}: p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms`);
    return { ingest: { ...m, ratioToCli: ratio }, pages, skipped: null };
  } catch (err) {
    const cause = (err as Error).cause;
    log(`HTTP part failed: ${(err as Error).message}${cause ? ` (${String(cause)})` : ""}`);
    if (server) log(`server output:\n${server.output()}`);
    return { ingest: null, pages: null, skipped: "failed (see log)" };
  } finally {
    await server?.stop();
  }
}

/** What Ctrl-C must still undo: the server runs in its own process group, and stores are large. */
const onInterrupt: (() => Promise<void> | void)[] = [];

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    log(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.floor) return runFloor(args, log);
  if (args.store) return runStoreQueries(args, log);
  const startedAt = new Date().toISOString();
  const host = machine();
  const targets = targetsFor(args.size);
  const logFile = await ensureLog(args.size, args.seed, true);
  const storesDir = path.join(DATA_DIR, "stores", startedAt.replace(/[:.]/g, "-"));
  fs.mkdirSync(storesDir, { recursive: true });
  if (!args.keep) onInterrupt.push(() => fs.rmSync(storesDir, { recursive: true, force: true }));
  log(`log: ${path.relative(ROOT, logFile.file)} (${(logFile.bytes / MB).toFixed(0)} MB)${logFile.cached ? " (cached)" : ""}; stores in ${path.relative(ROOT, storesDir)}`);

  try {
    // 1. CLI ingest, then the store it built.
    log("CLI ingest …");
    const cliStore = path.join(storesDir, "cli.db");
    const cli = ingestFigures(await ingestWithCli(logFile.file, cliStore), logFile.bytes);
    log(describeIngest("  CLI ingest", cli));
    const store = storeFigures(cliStore, logFile.bytes, cli.requests);

    // 2. The dashboard's queries on that store, in this process. The ingest leaves ~1 GB of dirty pages for
    // the kernel to write back; flushing them first keeps that I/O out of the query timings.
    log("queries …");
    execFileSync("sync");
    // Mapped, as the server's reading connection is (lib/store/sqlite/db.ts).
    const db = openDb(cliStore, { mapped: true });
    const queries = await runQuerySuite(db, args.runs, log).finally(() => db.close());
    const byId = Object.fromEntries(queries.timings.map(({ id, ...rest }) => [id, rest]));
    const dashboard = byId.dashboard!;
    const page1 = byId.firstPage;
    const deep = byId.page1000;
    const page1000VsPage1 = page1 && deep && page1.p50Ms > 0 ? round(deep.p50Ms / page1.p50Ms, 2) : null;

    // 3. HTTP upload into a second store, and the real page over HTTP.
    const http = await httpPart(args, logFile, storesDir, cli);

    // 4. Store size without bodies: a smaller log of Metadata-level events.
    const noBodiesLog = await ensureLog(Math.max(20_000, Math.round(args.size / 10)), args.seed, false);
    log(`CLI ingest without bodies (${path.relative(ROOT, noBodiesLog.file)}) …`);
    const noBodiesStore = path.join(storesDir, "nobodies.db");
    const noBodiesIngest = ingestFigures(await ingestWithCli(noBodiesLog.file, noBodiesStore), noBodiesLog.bytes);
    const noBodies = { ...noBodiesIngest, fileBytes: noBodiesLog.bytes, store: storeFigures(noBodiesStore, noBodiesLog.bytes, noBodiesIngest.requests) };

    // 5. jq, last: it is the slowest step and needs nothing else.
    const jq = args.skipJq ? null : findJq();
    const jqSkipped = args.skipJq ? "--skip-jq" : jq ? null : "jq not installed";
    let jqSeconds: number | null = null;
    if (jq) {
      log("jq -r .verb | sort | uniq -c …");
      jqSeconds = (await timeJqCountByVerb(jq, logFile.file)).seconds;
      log(`  jq: ${jqSeconds.toFixed(1)} s`);
    }
    const auditlens10 = cli.seconds + (10 * dashboard.p50Ms) / 1000;

    const result: Omit<BenchResult, "targets"> = {
      ingest: { ...cli, storeRatio: store.storeRatio, store, http: http.ingest, httpSkipped: http.skipped, noBodies },
      dashboard: {
        p50Ms: dashboard.p50Ms,
        p95Ms: dashboard.p95Ms,
        queries: byId,
        picks: queries.picks,
        page1000VsPage1,
        http: http.pages ? Object.fromEntries(http.pages.map(({ id, ...rest }) => [id, rest])) : null,
      },
      history: byId.objectHistory ? { p50Ms: byId.objectHistory.p50Ms, p95Ms: byId.objectHistory.p95Ms } : null,
      jq: {
        secondsPerQuestion: jqSeconds === null ? null : round(jqSeconds, 2),
        ratio10: jqSeconds === null ? null : round(jqRatio10(jqSeconds, cli.seconds, dashboard.p50Ms / 1000), 3),
        auditlensSeconds10: round(auditlens10, 2),
        jqSeconds10: jqSeconds === null ? null : round(10 * jqSeconds, 1),
        passVsIngest: jqSeconds === null ? null : round(jqSeconds / cli.seconds, 2),
        skipped: jqSkipped,
      },
      file: {
        name: path.basename(logFile.file),
        bytes: logFile.bytes,
        events: cli.events,
        requests: cli.requests,
        size: args.size,
        sizeLabel: args.sizeLabel,
        seed: args.seed,
      },
      machine: host,
      runs: args.runs,
      startedAt,
      finishedAt: new Date().toISOString(),
    };

    const rows = reportRows(result, targets);
    const m = result.machine;
    process.stdout.write(`\nAuditlens bench: --size ${args.sizeLabel} --seed ${args.seed} on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}\n`);
    if (m.loadAverage > m.cores / 2) process.stdout.write(`Note: the load average was ${m.loadAverage} when the run started: other work skews the figures.\n`);
    if (args.size < 1_000_000) process.stdout.write(`Query targets are stated at 1M requests; this log has ${cli.requests.toLocaleString("en-US")}.\n`);
    process.stdout.write(`\n${formatTable(rows)}\n`);
    process.stdout.write(`\nQueries asked:\n${describePicks(result).map((l) => `  ${l}`).join("\n")}\n`);
    if (result.jq.ratio10 !== null) {
      process.stdout.write(
        `\nAuditlens ingest + 10 questions: ${auditlens10.toFixed(1)} s; jq 10 questions: ${(10 * jqSeconds!).toFixed(1)} s → ${formatNumber(result.jq.ratio10, 1)}× (target ≥ ${targets.jqRatio10.value}×)\n`,
      );
    }
    if (store.breakdown) {
      process.stdout.write("\nStore by table/index (largest first):\n");
      for (const b of store.breakdown.slice(0, 10)) process.stdout.write(`  ${b.name.padEnd(28)} ${(b.bytes / MB).toFixed(1).padStart(8)} MB  ${((b.bytes / store.bytes) * 100).toFixed(1).padStart(5)}%\n`);
    }
    const written = writeResults({ ...result, targets: targetSummary(rows) });
    process.stdout.write(`\nwrote ${written.map((f) => path.relative(ROOT, f)).join(", ")}\n`);
    return 0;
  } finally {
    if (args.keep) log(`stores kept in ${path.relative(ROOT, storesDir)}`);
    else fs.rmSync(storesDir, { recursive: true, force: true });
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void (async () => {
      // Last registered first: the server stops before its store is deleted.
      for (const undo of [...onInterrupt].reverse()) {
        try {
          await undo();
        } catch {
          // keep undoing the rest
        }
      }
      process.exit(130);
    })();
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
