"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputStyles } from "@/components/ui/input";
import { formatTime } from "@/lib/format/time";
import { RANGE_PRESETS, type RangePreset } from "@/lib/query/filter";
import { dashboardHref, type DashboardState } from "./dashboard-href";

const PRESET_LABELS: Record<RangePreset, string> = { "15m": "Last 15 min", "1h": "Last 1 h", "24h": "Last 24 h", "7d": "Last 7 d" };

/** ISO → "2024-05-10 14:05:00", the UTC form every time on the page uses. */
function toInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * Plain text rather than a date picker: investigators paste timestamps from logs and tickets. Accepts
 * "2024-05-10 14:05", "2024-05-10T14:05:00.123Z", "2024-05-10"; without a zone the time is UTC.
 * Returns undefined for an empty field, null for one that is not a time.
 */
export function parseTimeInput(value: FormDataEntryValue | null): string | undefined | null {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  let text = value.trim().replace(" ", "T");
  if (/^\d{4}-\d\d-\d\d$/.test(text)) text += "T00:00:00";
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)) text += "Z";
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Presets count back from the newest event in the store, not from now: uploaded logs are often days or
 * months old, and "last hour" of an old log should still show its last hour. The note says so.
 */
export function TimeRangePicker({
  state,
  newest,
  resolvedFrom,
  resolvedTo,
}: {
  state: DashboardState;
  /** The newest request in the store, ISO. */
  newest: string | null;
  /** The range the stats cover, for the inputs to start from. */
  resolvedFrom: string | null;
  resolvedTo: string | null;
}) {
  const router = useRouter();
  const [invalid, setInvalid] = useState<string | null>(null);
  const { filter } = state;
  const absolute = !filter.range && (filter.from !== undefined || filter.to !== undefined);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const from = parseTimeInput(data.get("from"));
    const to = parseTimeInput(data.get("to"));
    if (from === null || to === null) {
      setInvalid(`Not a time: "${String(data.get(from === null ? "from" : "to"))}". Write it like 2024-05-10 14:05:00 (UTC).`);
      return;
    }
    if (from && to && from >= to) {
      setInvalid("The start must be before the end.");
      return;
    }
    setInvalid(null);
    router.push(dashboardHref(state, { filter: { range: undefined, from, to } }));
  }

  const presetClass = (active: boolean) =>
    cn(
      "rounded-sm px-2 py-0.5 text-xs font-medium whitespace-nowrap",
      active ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
    );
  const allData = !filter.range && !absolute;
  return (
    <div className="flex flex-col gap-1" data-testid="time-range">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label="Time range presets" className="flex rounded border border-zinc-300 p-px dark:border-zinc-700">
          {RANGE_PRESETS.map((r) => (
            <Link
              key={r}
              href={dashboardHref(state, { filter: { range: r, from: undefined, to: undefined } })}
              aria-current={filter.range === r ? "true" : undefined}
              data-testid={`range-${r}`}
              className={presetClass(filter.range === r)}
            >
              {PRESET_LABELS[r]}
            </Link>
          ))}
          <Link
            href={dashboardHref(state, { filter: { range: undefined, from: undefined, to: undefined } })}
            aria-current={allData ? "true" : undefined}
            data-testid="range-all"
            className={presetClass(allData)}
          >
            All data
          </Link>
        </nav>
        <form
          key={`${resolvedFrom}-${resolvedTo}`}
          onSubmit={apply}
          aria-label="Absolute time range (UTC)"
          className={cn("flex items-center gap-1.5 rounded px-1", absolute && "ring-1 ring-sky-500/60")}
        >
          <label className="flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
            From
            <input
              type="text"
              name="from"
              placeholder="YYYY-MM-DD HH:MM:SS"
              spellCheck={false}
              aria-invalid={invalid !== null}
              defaultValue={toInput(resolvedFrom)}
              data-testid="range-from"
              className={cn(inputStyles, "w-[10.5rem]")}
            />
          </label>
          <label className="flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
            to
            <input
              type="text"
              name="to"
              placeholder="YYYY-MM-DD HH:MM:SS"
              spellCheck={false}
              aria-invalid={invalid !== null}
              defaultValue={toInput(resolvedTo)}
              data-testid="range-to"
              className={cn(inputStyles, "w-[10.5rem]")}
            />
          </label>
          <span className="text-xs text-zinc-400 dark:text-zinc-500">UTC</span>
          <Button type="submit" data-testid="range-apply">
            Apply
          </Button>
        </form>
      </div>
      {invalid ? (
        <p role="alert" className="text-[11px] text-red-600 dark:text-red-400">
          {invalid}
        </p>
      ) : null}
      <p className="text-[11px] text-zinc-500 dark:text-zinc-400" data-testid="range-note">
        “Last …” counts back from the newest event in the store,{" "}
        <time dateTime={newest ?? undefined} className="tabular font-mono text-zinc-700 dark:text-zinc-300">
          {formatTime(newest, "s")} UTC
        </time>
        , not from now: uploaded logs are often old.
      </p>
    </div>
  );
}
