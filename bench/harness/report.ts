import type { BenchResult } from "./results";
import { figure, section, type FigureRow, type Row } from "./table";
import { verdict, type Targets } from "./targets";

type Result = Omit<BenchResult, "targets">;

const p95 = (ms: number | undefined) => (ms === undefined ? undefined : `(p95 ${ms.toFixed(1)})`);

function queryRow(r: Result, id: string, target: FigureRow["target"] = null): FigureRow | null {
  const q = r.dashboard.queries[id];
  if (!q) return null;
  return figure({ figure: `${q.label}, p50`, measured: q.p50Ms, unit: "ms", digits: 1, detail: p95(q.p95Ms), target });
}

/** The report's rows, in reading order: ingest, store, queries, HTTP cross-check, jq. */
export function reportRows(r: Result, t: Targets): Row[] {
  const http = r.ingest.http;
  const skippedHttp = r.ingest.httpSkipped ?? "skipped";
  const skippedJq = r.jq.skipped ?? "skipped";
  const rows: (Row | null)[] = [
    section(`Ingest (${r.file.name}: ${(r.file.bytes / 1e6).toFixed(0)} MB, ${r.file.events.toLocaleString("en-US")} events, ${r.file.requests.toLocaleString("en-US")} requests)`),
    figure({ figure: "CLI ingest, file to queryable", measured: r.ingest.seconds, unit: "s", digits: 1 }),
    figure({ figure: "CLI ingest events/s", measured: r.ingest.eventsPerSec, unit: "/s", target: t.cliEventsPerSec }),
    figure({ figure: "CLI ingest MB/s", measured: r.ingest.mbPerSec, unit: "MB/s", digits: 1 }),
    figure({ figure: "CLI ingest vs one jq pass (jq time / ingest time)", measured: r.jq.passVsIngest, unit: "×", digits: 2, target: t.cliVsJq, missing: skippedJq }),
    figure({ figure: "CLI peak RSS (process tree)", measured: r.ingest.peakRssMb, unit: "MB", target: t.peakRssMb }),
    figure({ figure: "CLI peak RSS (largest process)", measured: r.ingest.peakProcessRssMb, unit: "MB" }),
    figure({ figure: "HTTP upload events/s", measured: http?.eventsPerSec ?? null, unit: "/s", missing: skippedHttp }),
    figure({ figure: "HTTP upload MB/s", measured: http?.mbPerSec ?? null, unit: "MB/s", digits: 1, missing: skippedHttp }),
    figure({ figure: "HTTP upload vs CLI (events/s)", measured: http?.ratioToCli ?? null, unit: "×", digits: 2, target: t.httpVsCli, missing: skippedHttp }),
    figure({ figure: "server peak RSS during upload (process tree)", measured: http?.peakRssMb ?? null, unit: "MB", target: t.peakRssMb, missing: skippedHttp }),
    section("Store"),
    figure({ figure: "store / raw log (everything included)", measured: r.ingest.storeRatio * 100, unit: "%", digits: 1, target: { ...t.storeRatio, value: t.storeRatio.value * 100 } }),
    figure({ figure: "store bytes per request", measured: r.ingest.store.bytesPerRequest, unit: "B" }),
    figure({ figure: "raw log bytes per request", measured: r.file.bytes / r.file.requests, unit: "B" }),
    figure({ figure: "without bodies: store bytes per request", measured: r.ingest.noBodies?.store.bytesPerRequest ?? null, unit: "B" }),
    figure({ figure: "without bodies: store / raw log", measured: r.ingest.noBodies ? r.ingest.noBodies.store.storeRatio * 100 : null, unit: "%", digits: 1 }),
    section(`Dashboard queries, in process (${r.runs} runs each after 2 warm-ups)`),
    figure({ figure: "whole dashboard (summary, stats, first page), p50", measured: r.dashboard.p50Ms, unit: "ms", digits: 1, detail: p95(r.dashboard.p95Ms), target: t.dashboardP50Ms }),
    queryRow(r, "filteredDashboard", t.filteredP50Ms),
    queryRow(r, "filteredPage", t.filteredP50Ms),
    queryRow(r, "queryLanguage", t.filteredP50Ms),
    queryRow(r, "freeText", t.filteredP50Ms),
    queryRow(r, "count"),
    queryRow(r, "timeline"),
    ...Object.keys(r.dashboard.queries).filter((id) => id.startsWith("breakdown.")).map((id) => queryRow(r, id)),
    queryRow(r, "firstPage"),
    queryRow(r, "page1000"),
    figure({ figure: `page ${r.dashboard.picks.deepPage.page} / page 1 (p50)`, measured: r.dashboard.page1000VsPage1, unit: "×", digits: 2, target: t.page1000VsPage1 }),
    queryRow(r, "oneRequest", t.oneRequestP50Ms),
    queryRow(r, "objectHistory", t.historyP50Ms),
    section("HTTP (incl. React render), against the upload's server"),
    ...(r.dashboard.http
      ? Object.values(r.dashboard.http).map((q) => figure({ figure: `${q.label}, p50`, measured: q.p50Ms, unit: "ms", digits: 1, detail: p95(q.p95Ms) }))
      : [figure({ figure: "GET /", measured: null, missing: skippedHttp })]),
    section("Against jq (count by verb: one pass per question)"),
    figure({ figure: "jq, one question", measured: r.jq.secondsPerQuestion, unit: "s", digits: 1, missing: skippedJq }),
    figure({ figure: "jq, 10 questions", measured: r.jq.jqSeconds10, unit: "s", digits: 1, missing: skippedJq }),
    figure({ figure: "Auditlens ingest + 10 dashboard questions", measured: r.jq.auditlensSeconds10, unit: "s", digits: 1 }),
    figure({ figure: "jq 10 questions / Auditlens ingest + 10 questions", measured: r.jq.ratio10, unit: "×", digits: 1, target: t.jqRatio10, missing: skippedJq }),
  ];
  return rows.filter((row): row is Row => row !== null);
}

/** The rows that carry a target, for the JSON: what was judged and how it came out. */
export function targetSummary(rows: readonly Row[]): BenchResult["targets"] {
  return rows.flatMap((row) =>
    row.kind === "figure" && row.target ? [{ figure: row.figure, measured: row.measured, target: row.target, ok: verdict(row.measured, row.target) }] : [],
  );
}

/** What the filtered queries asked, which the table's short labels leave out. */
export function describePicks(r: Result): string[] {
  const p = r.dashboard.picks;
  const n = (count: number) => `${count.toLocaleString("en-US")} requests`;
  const pairs: [string, string][] = [
    ["user=…", p.user ?? "(no human user in the log: not timed)"],
    ["query language", p.queryLanguage ? `${p.queryLanguage.q}  (${n(p.queryLanguage.matches)})` : "(nothing matched: not timed)"],
    ["free text", p.freeText ? `${p.freeText.q}  (${n(p.freeText.matches)})` : "(nothing matched: not timed)"],
    [
      "object history",
      p.object ? `${p.object.key.resource} ${p.object.key.namespace ?? "(cluster)"}/${p.object.key.name}  (${p.object.touches} writes)` : "(no object written: not timed)",
    ],
    [`page ${p.deepPage.page}`, `reached by following "next" from page 1, in ${p.deepPage.walkSeconds.toFixed(1)} s`],
  ];
  return pairs.map(([k, v]) => `${k.padEnd(16)} ${v}`);
}
