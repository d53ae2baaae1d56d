/**
 * Hits over the view's time span as tiny bars: enough to tell a burst from a trickle. Plain SVG rather
 * than a chart: the Findings table draws one per row, server-rendered.
 */
export function HitSparkline({ counts, label }: { counts: readonly number[]; label: string }) {
  const max = Math.max(1, ...counts);
  const width = 96;
  const height = 18;
  const step = counts.length > 0 ? width / counts.length : width;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="text-sky-600 dark:text-sky-400" data-testid="finding-sparkline">
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="stroke-zinc-200 dark:stroke-zinc-700" strokeWidth={1} />
      {counts.map((c, i) =>
        c === 0 ? null : (
          <rect key={i} x={i * step + 0.5} width={Math.max(1, step - 1)} y={height - 1 - Math.max(2, (c / max) * (height - 2))} height={Math.max(2, (c / max) * (height - 2))} fill="currentColor" />
        ),
      )}
    </svg>
  );
}
