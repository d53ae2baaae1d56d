import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { jsonError, zodMessage } from "@/lib/http/json";
import { streamedRoute } from "@/lib/http/streamed-route";
import { clusterNameSchema } from "@/lib/ingest/options";
import { receiveWebhook } from "@/lib/ingest/webhook";
import { timed } from "@/lib/metrics/http";
import { ingestTarget } from "@/lib/store/index-ingest";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ cluster: clusterNameSchema.default(process.env.AUDITLENS_CLUSTER || "default") });

/** Receiver for kube-apiserver's audit webhook backend (--audit-webhook-config-file); it checks its own token, not sign-in. */
// Not behind proxy.ts (it would buffer the body): streamedRoute makes its host and cross-site checks.
export const POST = streamedRoute(timed(async (request: Request): Promise<Response> => {
  const params = paramsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) return jsonError(400, zodMessage(params.error));
  const length = request.headers.get("content-length");
  const outcome = await receiveWebhook(
    ingestTarget(),
    {
      authorization: request.headers.get("authorization"),
      contentLength: length === null ? null : Number(length),
      body: request.body ? Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>) : null,
    },
    params.data.cluster,
  );
  if (outcome.status === 200) return Response.json(outcome.summary);
  const headers: Record<string, string> = outcome.retryAfter ? { "Retry-After": String(outcome.retryAfter) } : {};
  if (outcome.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="auditlens"';
  return Response.json({ error: outcome.error, ...outcome.summary }, { status: outcome.status, headers });
}));
