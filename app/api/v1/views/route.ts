import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { jsonError, zodMessage } from "@/lib/http/json";
import { BodyTooLarge, readBody } from "@/lib/http/read-body";
import { db } from "@/lib/store/db";
import { listViews } from "@/lib/store/views";
import { InvalidViewUrlError, saveViewIn, saveViewSchema } from "@/lib/views/save-view";

export const dynamic = "force-dynamic";

// A view is a name and a URL of at most a few KB.
const MAX_BODY = 16 * 1024;

export function GET(): Response {
  return Response.json({ views: listViews() });
}

export async function POST(request: Request): Promise<Response> {
  // A JSON content type cannot be sent cross-site without a CORS preflight, so another site's form cannot save views.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return jsonError(415, "send the view as application/json");
  }
  let body: unknown;
  try {
    const bytes = request.body ? await readBody(Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>), MAX_BODY) : Buffer.alloc(0);
    body = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    if (e instanceof BodyTooLarge) return jsonError(413, e.message);
    return jsonError(400, "body must be JSON: {\"name\", \"url\", \"freeze\"?}");
  }
  const input = saveViewSchema.safeParse(body);
  if (!input.success) return jsonError(400, zodMessage(input.error));
  try {
    const view = saveViewIn(db(), input.data);
    return Response.json({ id: view.id, path: view.path, name: view.name, url: view.url }, { status: 201 });
  } catch (e) {
    if (e instanceof InvalidViewUrlError) return jsonError(400, e.message, { parameter: "url" });
    throw e;
  }
}
