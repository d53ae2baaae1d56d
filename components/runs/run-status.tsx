import { Badge, type Tone } from "@/components/ui/badge";
import type { IngestRun } from "@/lib/store/types";

const TONE: Record<IngestRun["status"], Tone> = { running: "blue", done: "green", failed: "red", interrupted: "amber" };

export function RunStatus({ status, failure }: { status: IngestRun["status"]; failure: string | null }) {
  return (
    <Badge tone={TONE[status]} title={failure ?? undefined}>
      {status}
    </Badge>
  );
}
