import type { CSSProperties } from "react";
import { formatDuration } from "@/lib/format/duration";
import { formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import type { Stats } from "@/lib/store/types";
import { seriesColor } from "./series-colors";

const W = 1000;
const H = 180;
const PAD = { top: 8, right: 8, bottom: 22, left: 44 };

/** The timeline as plain SVG: stacked bars, a <title> per bar for hover counts, no script. */
export function TimelineSvg({ stats, byUser }: { stats: Stats; byUser: boolean }) {
  const buckets = stats.timeline;
  if (buckets.length === 0) return <p className="muted">No requests in this range.</p>;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / buckets.length;
  const barW = Math.max(1, step * 0.8);
  const y = (n: number) => (n / max) * plotH;
  const first = buckets[0]!;
  const last = buckets[buckets.length - 1]!;
  return (
    <>
      <svg className="timeline" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Requests over time, ${formatDuration(stats.bucketMs)} per bar`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="currentColor" strokeOpacity=".25" />
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top} y2={PAD.top} stroke="currentColor" strokeOpacity=".1" />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" fontSize="11" fill="currentColor" opacity=".6">
          {formatNumber(max)}
        </text>
        <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end" fontSize="11" fill="currentColor" opacity=".6">
          0
        </text>
        {buckets.map((b, i) => {
          const x = PAD.left + i * step + (step - barW) / 2;
          let base = PAD.top + plotH;
          const parts = stats.series.length > 0 ? stats.series : ["count"];
          const tip = [`${formatTime(b.t, "s")} UTC: ${formatNumber(b.count)}`]
            .concat(stats.series.map((s) => `${s}: ${formatNumber(Number(b[s] ?? 0))}`))
            .join("\n");
          return (
            <g key={b.t}>
              <title>{tip}</title>
              {parts.map((s, si) => {
                const n = Number(b[s] ?? 0);
                if (n <= 0) return null;
                const h = y(n);
                base -= h;
                return <rect key={s} x={x} y={base} width={barW} height={h} fill={s === "count" ? "#0ea5e9" : seriesColor(s, si, byUser)} />;
              })}
            </g>
          );
        })}
        <text x={PAD.left} y={H - 6} fontSize="11" fill="currentColor" opacity=".6">
          {formatTime(first.t, "s")}
        </text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" fontSize="11" fill="currentColor" opacity=".6">
          {formatTime(last.t, "s")} UTC
        </text>
      </svg>
      <div className="legend muted">
        {stats.series.map((s, i) => (
          <span key={s} style={{ "--c": seriesColor(s, i, byUser) } as CSSProperties}>
            {s}
          </span>
        ))}
        <span style={{ "--c": "transparent" } as CSSProperties}>{formatDuration(stats.bucketMs)} per bar</span>
      </div>
    </>
  );
}
