import { formatTime } from "@/lib/format/time";
import type { Stats } from "@/lib/store/types";

const LABELS: Record<string, string> = {
  q: "query",
  range: "last",
  noise: "system noise",
  from: "from",
  to: "to",
  stack: "timeline stacked by",
  sort: "sorted by",
  cols: "columns",
};

/** What the snapshot shows, in words: every parameter of the view and the time window it resolved to. */
export function FilterSummary({ search, stats, newest }: { search: string; stats: Stats; newest: string | null }) {
  const params = [...new URLSearchParams(search)];
  const window =
    stats.from === null && stats.to === null
      ? "all data"
      : `${stats.from ? formatTime(stats.from) : "the first request"} – ${stats.to ? formatTime(stats.to) : "the newest request"} UTC`;
  return (
    <dl className="filter">
      {params.length === 0 ? (
        <>
          <dt>filters</dt>
          <dd className="muted">none: every request in the store</dd>
        </>
      ) : (
        params.map(([k, v]) => (
          <div key={k} style={{ display: "contents" }}>
            <dt>{LABELS[k] ?? k}</dt>
            <dd className="mono">{k === "noise" && v === "hide" ? "hidden" : v}</dd>
          </div>
        ))
      )}
      <dt>time window</dt>
      <dd>{window}</dd>
      {params.some(([k]) => k === "range") && newest ? (
        <>
          <dt>counted back from</dt>
          <dd>the newest event in the store, {formatTime(newest)} UTC</dd>
        </>
      ) : null}
      <dt>view</dt>
      <dd className="mono">{search ? `/?${search}` : "/"}</dd>
    </dl>
  );
}
