import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { jsonError, zodMessage } from "@/lib/http/json";
import { ingestParamsSchema } from "@/lib/ingest/options";
import { IngestError } from "@/lib/ingest/pipeline";
import { UploadRefused } from "@/lib/ingest/upload-limits";
import { ingestUpload, UploadTimedOut } from "@/lib/ingest/worker/ingest-in-worker";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Whose upload this is, for AUDITLENS_UPLOADS_PER_USER. There is no sign-in yet, so every upload counts
 * as this one user's; with sign-in, the signed-in user's name goes here.
 */
const OWNER_WITHOUT_SIGN_IN = "anonymous";

/** The raw file (plain or gzip) is the body; it is streamed through the pipeline, never buffered whole. */
export async function POST(request: Request): Promise<Response> {
  const params = ingestParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) return jsonError(400, zodMessage(params.error));
  if (!request.body) return jsonError(400, "the request has no body: send the audit log as the request body");
  const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  try {
    const summary = await ingestUpload(body, {
      cluster: params.data.cluster,
      filename: params.data.filename ?? null,
      source: "upload",
      expectedBytes: Number(request.headers.get("content-length")) || null,
      owner: OWNER_WITHOUT_SIGN_IN,
    });
    return Response.json(summary);
  } catch (err) {
    if (err instanceof UploadRefused) {
      body.destroy();
      return Response.json({ error: err.message }, { status: 429, headers: { "Retry-After": String(err.retryAfter) } });
    }
    if (err instanceof UploadTimedOut) return jsonError(408, err.message, { ...err.summary });
    if (err instanceof IngestError) return jsonError(400, err.message, { ...err.summary });
    throw err;
  }
}
