import Link from "next/link";
import { VerbLabel } from "@/components/requests/verb-label";
import { CodeBadge } from "@/components/ui/code-badge";
import { plainCell, plainRow, PlainTable } from "@/components/ui/plain-table";
import type { HitRequest, HitRow } from "@/lib/findings/view-detail";
import { formatActor } from "@/lib/format/actor";
import { formatObject, formatResource } from "@/lib/format/resource";
import { formatTime } from "@/lib/format/time";

/** A rule's hits, each a link to its request page: when, who, what, to which object, the answer, what the rule saw. */
export function HitsTable({ hits, requests, testId = "hits-table" }: { hits: readonly HitRow[]; requests: ReadonlyMap<number, HitRequest>; testId?: string }) {
  return (
    <PlainTable columns={["Time (UTC)", "User", "Verb", "Resource", "Object", "Code", "Detail"]} testId={testId}>
      {hits.map((h) => {
        const r = requests.get(h.requestId);
        return (
          <tr key={h.requestId} className={plainRow} data-testid="hit-row">
            <td className={`${plainCell} tabular font-mono whitespace-nowrap`}>
              <Link href={h.url} className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-400" data-testid="hit-link">
                {formatTime(h.time)}
              </Link>
            </td>
            {r ? (
              <>
                <td className={`${plainCell} break-all`}>{formatActor(r.user, r.impersonatedUser)}</td>
                <td className={plainCell}>
                  <VerbLabel verb={r.verb} />
                </td>
                <td className={`${plainCell} font-mono`}>{formatResource(r.resource, r.subresource) ?? "—"}</td>
                <td className={`${plainCell} font-mono break-all`}>{formatObject(r.namespace, r.name) ?? "—"}</td>
                <td className={plainCell}>
                  <CodeBadge code={r.code} />
                </td>
              </>
            ) : (
              <td className={`${plainCell} text-zinc-500`} colSpan={5}>
                request no longer stored
              </td>
            )}
            <td className={`${plainCell} text-zinc-600 dark:text-zinc-400`}>{h.detail ?? ""}</td>
          </tr>
        );
      })}
    </PlainTable>
  );
}
