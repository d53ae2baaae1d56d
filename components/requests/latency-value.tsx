import { LATENCY_UNKNOWN_REASON, type LatencyUnknown } from "@/lib/audit/latency";
import { formatLatency } from "@/lib/format/duration";

/** A request's latency, or "—" with the reason it cannot be measured on hover (never a made-up 0). */
export function LatencyValue({ ms, unknown, className }: { ms: number | null; unknown: LatencyUnknown | null; className?: string }) {
  if (ms === null) {
    const reason = unknown === null ? "Latency unknown" : LATENCY_UNKNOWN_REASON[unknown];
    return (
      <span title={reason} aria-label={reason} data-testid="latency-unknown" className={className}>
        —
      </span>
    );
  }
  return (
    <span title={`${ms} ms`} className={className}>
      {formatLatency(ms)}
    </span>
  );
}
