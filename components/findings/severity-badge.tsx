import { Badge, type Tone } from "@/components/ui/badge";
import type { Severity } from "@/lib/findings/rule";

const TONE: Record<Severity, Tone> = { critical: "red", high: "red", medium: "amber", low: "blue" };

/** A rule's severity; "critical" filled so that it stands out from "high" at a glance. */
export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (severity === null) {
    return (
      <Badge title="This rule is no longer loaded: its hits were found by an earlier rule set">
        unknown
      </Badge>
    );
  }
  return (
    <Badge tone={TONE[severity]} className={severity === "critical" ? "bg-red-600 text-white ring-red-700 dark:bg-red-500 dark:text-white" : undefined}>
      <span data-testid="severity">{severity}</span>
    </Badge>
  );
}
