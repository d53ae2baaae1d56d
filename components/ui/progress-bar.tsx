import { cn } from "./cn";

/** A thin bar; `value` in 0..1, or null for an indeterminate (busy) state. */
export function ProgressBar({ value, tone = "blue", label }: { value: number | null; tone?: "blue" | "green" | "red"; label: string }) {
  const pct = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  const color = tone === "green" ? "bg-emerald-500" : tone === "red" ? "bg-red-500" : "bg-sky-500";
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      className="relative h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      {pct === null ? (
        <div className={cn("absolute inset-y-0 w-1/3 animate-indeterminate rounded-full", color)} />
      ) : (
        <div className={cn("h-full rounded-full transition-[width] duration-150", color)} style={{ width: `${pct}%` }} />
      )}
    </div>
  );
}
