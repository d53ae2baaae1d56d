import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { jsonError, zodMessage } from "@/lib/http/json";
import { streamedRoute } from "@/lib/http/streamed-route";
import { ingestParamsSchema } from "@/lib/ingest/options";
import { noEventsWarning } from "@/lib/ingest/no-events";
import { IngestError } from "@/lib/ingest/pipeline";
import { UploadRefused } from "@/lib/ingest/upload-limits";
import { ingestUpload, UploadTimedOut } from "@/lib/ingest/worker/ingest-in-worker";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The raw file (plain or gzip) is the body; it is streamed through the pipeline, never buffered whole. */
// Not behind proxy.ts (it would buffer the body): streamedRoute makes its host and cross-site checks.
export const POST = streamedRoute(guard("ingester", async (request, _context, principal) => {
  const params = ingestParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) return jsonError(400, zodMessage(params.error));
  if (principal.scopes && !principal.scopes.some((s) => s.cluster === params.data.cluster)) {
    return jsonError(403, `your scopes do not include cluster "${params.data.cluster}"`);
  }
  if (!request.body) return jsonError(400, "the request has no body: send the audit log as the request body");
  const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  try {
    const summary = await ingestUpload(body, {
      cluster: params.data.cluster,
      filename: params.data.filename ?? null,
      source: "upload",
      recordClusters: principal.scopes === null,
      expectedBytes: Number(request.headers.get("content-length")) || null,
      // AUDITLENS_UPLOADS_PER_USER counts per signed-in name (without sign-in, everyone is "local").
      owner: principal.name,
    });
    await recordActivity({ actor: principal.name, action: "upload", target: String(summary.runId), detail: { cluster: params.data.cluster, filename: params.data.filename ?? null, added: summary.added }, address: requestPeer(request) });
    // `warning`: the file held no audit event at all, and why that is likely (null when it did).
    return Response.json({ ...summary, warning: noEventsWarning(summary) });
  } catch (err) {
    if (err instanceof UploadRefused) {
      body.destroy();
      return Response.json({ error: err.message }, { status: 429, headers: { "Retry-After": String(err.retryAfter) } });
    }
    if (err instanceof UploadTimedOut) return jsonError(408, err.message, { ...err.summary });
    if (err instanceof IngestError) return jsonError(400, err.message, { ...err.summary });
    throw err;
  }
}));
