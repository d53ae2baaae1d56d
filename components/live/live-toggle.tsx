"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";

const REFRESH_MS = 2000;
const summarySchema = z.object({ events: z.number() });

async function storedEvents(): Promise<number | null> {
  const res = await fetch("/api/v1/summary", { cache: "no-store" });
  if (!res.ok) return null;
  const parsed = summarySchema.safeParse(await res.json());
  return parsed.success ? parsed.data.events : null;
}

/**
 * The Live toggle: `live=1` in the URL. While on, the page re-renders from the server every 2 s (no full
 * reload, so scroll and focus stay) and shows how many events per second the store is taking in.
 */
export function LiveToggle() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const live = params.get("live") === "1";
  const [rate, setRate] = useState<number | null>(null);
  const last = useRef<{ events: number; at: number } | null>(null);

  useEffect(() => {
    if (!live) {
      last.current = null;
      return;
    }
    let stopped = false;
    let inFlight = false;
    const tick = async () => {
      // A slow store must not pile up refreshes: skip a tick while the previous one is still out.
      if (inFlight) return;
      inFlight = true;
      const events = await storedEvents().catch(() => null);
      inFlight = false;
      if (stopped || events === null) return;
      const now = performance.now();
      if (last.current) setRate(((events - last.current.events) * 1000) / (now - last.current.at));
      last.current = { events, at: now };
      router.refresh();
    };
    void tick();
    const id = setInterval(() => void tick(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(id);
    };
  }, [live, router]);

  const toggle = () => {
    const next = new URLSearchParams(params.toString());
    if (live) next.delete("live");
    else {
      next.set("live", "1");
      next.delete("cursor");
      // Live follows the newest events: an absolute window would freeze the view.
      next.delete("from");
      next.delete("to");
    }
    next.sort();
    const qs = next.toString();
    router.push(qs ? `${pathname}?${qs}` : pathname);
  };

  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={live}
      data-testid="live-toggle"
      className={`inline-flex h-7 items-center gap-1.5 rounded border px-2 text-xs font-medium ${
        live
          ? "border-emerald-600/40 bg-emerald-50 text-emerald-800 dark:border-emerald-500/40 dark:bg-emerald-500/10 dark:text-emerald-300"
          : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
      }`}
    >
      <span className={`size-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-zinc-400"}`} aria-hidden="true" />
      Live
      {live ? (
        <span className="font-mono tabular-nums text-[11px]" data-testid="live-rate">
          {rate === null ? "…" : `${rate < 10 ? rate.toFixed(1) : Math.round(rate)} ev/s`}
        </span>
      ) : null}
    </button>
  );
}
