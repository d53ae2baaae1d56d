import Link from "next/link";
import type { FieldName } from "@/lib/query/fields";
import { formatTerm } from "@/lib/query/terms";
import { requestsHref } from "./hrefs";

/** A value from a request that opens the dashboard on every request of its cluster with `field:value`. */
export function TermLink({ field, value, cluster, testId, className }: { field: FieldName; value: string; cluster: string; testId: string; className: string }) {
  return (
    <Link
      href={requestsHref({ cluster: [cluster], q: formatTerm(field, value) })}
      prefetch={false}
      data-testid={testId}
      title={`Every request where ${field} is ${value}`}
      className={className}
    >
      {value}
    </Link>
  );
}
