import Link from "next/link";
import { requestHref, requestsHref } from "@/components/requests/hrefs";
import { VerbLabel } from "@/components/requests/verb-label";
import { CodeBadge } from "@/components/ui/code-badge";
import { formatObject, formatResource } from "@/lib/format/resource";
import { formatTime } from "@/lib/format/time";
import { formatTerm } from "@/lib/query/terms";
import type { RequestRow } from "@/lib/store/types";
import { formatMicros, parseMicros } from "@/lib/time/micros";

const WINDOW_US = 5 * 60e6;

/** The same user's requests within ±5 minutes: what they did around this one. */
export function RelatedRequests({ request, related }: { request: RequestRow; related: { items: RequestRow[]; total: number } }) {
  const at = parseMicros(request.time);
  const all = requestsHref({
    cluster: [request.cluster],
    q: request.user ? formatTerm("user", request.user) : undefined,
    from: formatMicros(at - WINDOW_US),
    to: formatMicros(at + WINDOW_US + 1),
  });
  if (related.items.length === 0) {
    return <p className="px-3 py-3 text-xs text-zinc-500 dark:text-zinc-400">No other request by this user within 5 minutes.</p>;
  }
  return (
    <div data-testid="related-requests">
      <ol className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
        {related.items.map((r) => {
          const before = parseMicros(r.time) < at;
          return (
            <li key={r.id}>
              <Link
                href={requestHref(r.id)}
                prefetch={false}
                className="grid grid-cols-[8.5rem_4.5rem_minmax(0,1fr)_auto] items-center gap-2 px-3 py-1 text-xs hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
              >
                <span className="tabular font-mono text-zinc-500 dark:text-zinc-400" title={before ? "before this request" : "after this request"}>
                  {formatTime(r.time).slice(11)} {before ? "↑" : "↓"}
                </span>
                <VerbLabel verb={r.verb} />
                <span className="truncate font-mono">
                  {formatResource(r.resource, r.subresource) ?? r.requestURI.split("?")[0]}{" "}
                  <span className="text-zinc-500">{formatObject(r.namespace, r.name) ?? ""}</span>
                </span>
                <CodeBadge code={r.code} />
              </Link>
            </li>
          );
        })}
      </ol>
      <div className="border-t border-zinc-100 px-3 py-1.5 text-xs dark:border-zinc-800/70">
        <Link href={all} prefetch={false} className="text-sky-700 hover:underline dark:text-sky-400">
          {related.total > related.items.length ? `All ${related.total} on the dashboard →` : "Open on the dashboard →"}
        </Link>
      </div>
    </div>
  );
}
