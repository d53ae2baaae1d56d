"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatNumber } from "@/lib/format/number";
import { seriesColor } from "./series-colors";

export type TimelinePoint = { t: string; count: number } & Record<string, number | string>;

const DAY = 24 * 3600_000;

/** Axis labels as short as the bucket size allows: 14:05:30 for seconds, 14:05 for minutes, 05-10 14:00 for hours, 2024-05-10 for days. */
export function bucketLabel(iso: string, bucketMs: number, long = false): string {
  const s = iso.replace("T", " ");
  if (long) return `${s.slice(0, bucketMs < 60_000 ? 19 : 16)} UTC`;
  if (bucketMs >= DAY) return s.slice(0, 10);
  if (bucketMs >= 3600_000) return s.slice(5, 16);
  if (bucketMs >= 60_000) return s.slice(11, 16);
  return s.slice(11, 19);
}

type TooltipEntry = { name?: unknown; value?: unknown; color?: string; payload?: unknown };

function TimelineTooltip({ active, payload, label, bucketMs }: { active?: boolean; payload?: readonly TooltipEntry[]; label?: unknown; bucketMs: number }) {
  if (!active || !payload?.length) return null;
  const point = payload[0]?.payload as TimelinePoint | undefined;
  return (
    <div className="rounded border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <div className="mb-1 font-mono text-zinc-500 dark:text-zinc-400">{bucketLabel(String(label), bucketMs, true)}</div>
      <div className="flex justify-between gap-4 font-semibold text-zinc-900 dark:text-zinc-100">
        <span>Total</span>
        <span className="tabular">{formatNumber(point?.count ?? 0)}</span>
      </div>
      {[...payload].reverse().filter((p) => Number(p.value ?? 0) > 0).map((p) => (
        <div key={String(p.name)} className="flex items-center justify-between gap-4 text-zinc-700 dark:text-zinc-300">
          <span className="flex min-w-0 items-center gap-1.5">
            <span aria-hidden="true" className="size-2 shrink-0 rounded-sm" style={{ background: p.color }} />
            <span className="max-w-[16rem] truncate">{String(p.name)}</span>
          </span>
          <span className="tabular">{formatNumber(Number(p.value ?? 0))}</span>
        </div>
      ))}
    </div>
  );
}

/**
 * Stacked bars over time. Dragging across bars selects a span (a click selects one bar) and reports it
 * as [start of the first bar, end of the last bar).
 */
export function TimelineChart({
  data,
  series,
  bucketMs,
  stack,
  onSelect,
  height = 160,
}: {
  data: TimelinePoint[];
  series: string[];
  bucketMs: number;
  stack: string;
  onSelect?: (fromIso: string, toIso: string) => void;
  height?: number;
}) {
  const [drag, setDrag] = useState<{ start: string; end: string } | null>(null);

  function finish() {
    if (!drag) return;
    setDrag(null);
    const a = Date.parse(drag.start);
    const b = Date.parse(drag.end);
    if (Number.isNaN(a) || Number.isNaN(b)) return;
    onSelect?.(new Date(Math.min(a, b)).toISOString(), new Date(Math.max(a, b) + bucketMs).toISOString());
  }

  return (
    <div className="h-full w-full cursor-crosshair text-zinc-400 select-none dark:text-zinc-500" data-testid="timeline-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={1}
          onMouseDown={(s) => s.activeLabel !== undefined && setDrag({ start: String(s.activeLabel), end: String(s.activeLabel) })}
          onMouseMove={(s) => drag && s.activeLabel !== undefined && setDrag({ ...drag, end: String(s.activeLabel) })}
          onMouseUp={finish}
          onMouseLeave={() => setDrag(null)}
        >
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.25} />
          <XAxis
            dataKey="t"
            tickFormatter={(t: string) => bucketLabel(t, bucketMs)}
            tick={{ fill: "currentColor", fontSize: 10 }}
            tickLine={false}
            axisLine={{ stroke: "currentColor", strokeOpacity: 0.4 }}
            minTickGap={28}
          />
          <YAxis
            allowDecimals={false}
            tick={{ fill: "currentColor", fontSize: 10 }}
            tickLine={false}
            axisLine={false}
            width={40}
            // Compact, so "10,000" or "250,000" does not spill past the axis's width.
            tickFormatter={(n: number) => formatCompact(n)}
          />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.12 }}
            isAnimationActive={false}
            content={(p) => <TimelineTooltip active={p.active} payload={p.payload} label={p.label} bucketMs={bucketMs} />}
          />
          {series.map((s, i) => (
            // A function, not the name: recharts reads a string key as a path, and usernames hold dots and colons.
            <Bar key={s} name={s} dataKey={(point: TimelinePoint) => point[s] ?? 0} stackId="a" fill={seriesColor(s, i, stack)} isAnimationActive={false} />
          ))}
          {drag ? <ReferenceArea x1={drag.start} x2={drag.end} fill="#0ea5e9" fillOpacity={0.15} stroke="#0ea5e9" strokeOpacity={0.6} /> : null}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
