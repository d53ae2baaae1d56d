import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { openDb } from "@/lib/store/sqlite/db";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import type { BenchArgs } from "./args";
import { round } from "./percentile";
import { runQuerySuite } from "./query-suite";
import { machine } from "./results";
import { figure, formatTable, section, type Row } from "./table";
import { targetsFor } from "./targets";

/**
 * `--store FILE`: the dashboard's queries alone, on a store an earlier `--keep` run left. A 10M store takes
 * over half an hour to build on two cores; its query figures are worth timing again on a quiet machine
 * without building it again. Held to the targets of its request count.
 */
export async function runStoreQueries(args: BenchArgs, log: (line: string) => void): Promise<number> {
  const file = args.store!;
  if (!fs.existsSync(file)) {
    log(`--store: no such file: ${file}`);
    return 2;
  }
  execFileSync("sync");
  const db = openDb(file, { mapped: true });
  try {
    const requests = summaryFrom(db).requests;
    const targets = targetsFor(requests);
    log(`queries on ${file} (${requests.toLocaleString("en-US")} requests) …`);
    const { timings } = await runQuerySuite(db, args.runs, log);
    const byId = Object.fromEntries(timings.map((t) => [t.id, t]));
    const p95 = (ms: number) => `(p95 ${ms.toFixed(2)})`;
    const held: Record<string, (typeof targets)[keyof typeof targets]> = {
      dashboard: targets.dashboardP50Ms,
      oneRequest: targets.oneRequestP50Ms,
      objectHistory: targets.historyP50Ms,
      ...(targets.filteredP50Ms ? { filteredDashboard: targets.filteredP50Ms, queryLanguage: targets.filteredP50Ms, freeText: targets.filteredP50Ms } : {}),
    };
    const rows: Row[] = [
      section(`Dashboard queries on a kept store, in process (${args.runs} runs each after 2 warm-ups)`),
      ...timings.map((t) => figure({ figure: `${t.label}, p50`, measured: round(t.p50Ms, 1), unit: "ms", digits: 1, detail: p95(t.p95Ms), target: held[t.id] ?? null })),
    ];
    const m = machine();
    process.stdout.write(`\nAuditlens bench --store: ${requests.toLocaleString("en-US")} requests on ${m.cores} cores (${m.cpuModel}), Node ${m.node}\n`);
    if (m.loadAverage > m.cores / 2) process.stdout.write(`Note: the load average was ${m.loadAverage}: other work skews the figures.\n`);
    process.stdout.write(`\n${formatTable(rows)}\n`);
    if (!byId.objectHistory) process.stdout.write("\nNo object with writes in this store: history not timed.\n");
    return 0;
  } finally {
    db.close();
  }
}
