import { Badge, type Tone } from "@/components/ui/badge";
import type { IngestRun } from "@/lib/store/types";

const TONE: Record<IngestRun["status"], Tone> = { running: "blue", done: "green", failed: "red", interrupted: "amber" };

/** `warning`: the run finished without one audit event: its likely cause, shown instead of "done". */
export function RunStatus({ status, failure, warning = null }: { status: IngestRun["status"]; failure: string | null; warning?: string | null }) {
  if (status === "done" && warning) {
    return (
      <span className="flex flex-col items-start gap-1">
        <Badge tone="amber" title={`no audit events: ${warning}`}>
          no events
        </Badge>
        <span data-testid="run-warning" className="block w-52 text-[11px] leading-4 whitespace-normal text-amber-800 dark:text-amber-300">
          {warning}
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
