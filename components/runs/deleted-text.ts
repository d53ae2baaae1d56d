import { formatCount } from "@/lib/format/number";
import type { DeletionCounts } from "@/lib/retention/types";

/** "Deleted 1,204 requests (2,391 events)", for the message after a deletion. */
export function deletedText(d: DeletionCounts): string {
  if (d.events === 0) return "Nothing to delete";
  const rebuilt = d.rewritten > 0 ? `; ${formatCount(d.rewritten, "request")} kept other runs' events` : "";
  return `Deleted ${formatCount(d.requests, "request")} (${formatCount(d.events, "event")})${rebuilt}`;
}
