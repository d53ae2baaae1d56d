import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { attachment } from "@/lib/http/attachment";
import { queryErrorResponse } from "@/lib/http/query-error";
import { filterFromParams } from "@/lib/query/filter";
import { parseView } from "@/lib/query/view";
import { renderSnapshot, snapshotFileName } from "@/lib/snapshot/render-snapshot";
import { auditStore } from "@/lib/store";
import { canonicalSearch } from "@/lib/views/canonical-url";

export const dynamic = "force-dynamic";

/** The current view as one self-contained HTML file, for a teammate with no access to the cluster or to Auditlens. */
export const GET = guard("viewer", async (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  const generatedAt = new Date();
  let body: ReadableStream<Uint8Array>;
  try {
    body = await renderSnapshot(auditStore(), {
      filter: filterFromParams(params),
      scopes: principal.scopes,
      view: parseView(params),
      search: canonicalSearch(params),
      generatedAt,
    });
  } catch (err) {
    const mapped = queryErrorResponse(err);
    if (mapped) return mapped;
    throw err;
  }
  await recordActivity({ actor: principal.name, action: "snapshot", detail: { search: params.toString() }, address: requestPeer(request) });
  return attachment(body, "text/html; charset=utf-8", snapshotFileName(generatedAt));
});
