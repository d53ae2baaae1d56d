import { Badge, type Tone } from "@/components/ui/badge";
import type { IngestRun } from "@/lib/store/types";

/** Why a done run read no audit event: a few words for the cell, the whole cause on hover. */
export type RunWarning = { label: string; cause: string };

const TONE: Record<IngestRun["status"], Tone> = { running: "blue", done: "green", failed: "red", interrupted: "amber" };

/** `warning`: the run finished without one audit event; shown instead of "done", with its likely cause. */
export function RunStatus({ status, failure, warning = null }: { status: IngestRun["status"]; failure: string | null; warning?: RunWarning | null }) {
  if (status === "done" && warning) {
    return (
      <span className="flex flex-col items-start gap-1">
        <Badge tone="amber" title={`no audit events: ${warning.cause}`}>
          no events
        </Badge>
        <span data-testid="run-warning" title={warning.cause} className="block max-w-[8rem] text-[11px] leading-4 whitespace-normal text-amber-800 dark:text-amber-300">
          {warning.label}
        </span>
      </span>
    );
  }
  return (
    <Badge tone={TONE[status]} title={failure ?? undefined}>
      {status}
    </Badge>
  );
}
