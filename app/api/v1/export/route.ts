import { z } from "zod";
import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { attachment } from "@/lib/http/attachment";
import { queryErrorResponse } from "@/lib/http/query-error";
import { filterFromParams, type Filter } from "@/lib/query/filter";
import { withScopes } from "@/lib/query/scope";
import { auditStore, EXPORT_CONTENT_TYPES } from "@/lib/store";
import { EXPORT_FORMATS } from "@/lib/store/rows";
import { exportFilename, savedViewFor } from "@/lib/views/export-name";

export const dynamic = "force-dynamic";

const formatSchema = z.enum(EXPORT_FORMATS);

/** GET /api/v1/export?format=jsonl|csv&<the page's filters>: every matching request, streamed. */
export const GET = guard("viewer", async (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  const formats = params.getAll("format");
  const format = formatSchema.safeParse(formats.length > 1 ? "" : (formats[0] ?? "jsonl"));
  if (!format.success) return jsonError(400, `format must be one of ${EXPORT_FORMATS.join(", ")}`, { parameter: "format" });
  let filter: Filter;
  let body: ReadableStream<Uint8Array>;
  try {
    filter = filterFromParams(params);
    body = await auditStore().requests.export(withScopes(filter, principal.scopes), format.data);
  } catch (err) {
    const mapped = queryErrorResponse(err);
    if (mapped) return mapped;
    throw err;
  }
  await recordActivity({ actor: principal.name, action: "export", target: format.data, detail: { search: params.toString() }, address: requestPeer(request) });
  // Named after the view: a saved view's name when these are its filters (the sidebar's list), else the filters.
  const saved = savedViewFor(filter, await auditStore().views.list());
  return attachment(body, EXPORT_CONTENT_TYPES[format.data], exportFilename(filter, format.data, { viewName: saved?.name }));
});
