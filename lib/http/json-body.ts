import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { z } from "zod";
import { jsonError, zodMessage } from "./json";
import { BodyTooLarge, readBody } from "./read-body";

/**
 * A JSON request body checked against a schema, or the error answer: 415 when it is not sent as
 * application/json (which no other site can send without a CORS preflight), 413 over `maxBytes`, 400 when
 * it is not JSON or not what the schema describes (naming what is wrong).
 */
export async function jsonBody<T extends z.ZodType>(request: Request, schema: T, maxBytes: number, shape: string): Promise<{ ok: true; value: z.infer<T> } | { ok: false; response: Response }> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return { ok: false, response: jsonError(415, `send ${shape} as application/json`) };
  }
  let body: unknown;
  try {
    const bytes = request.body ? await readBody(Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>), maxBytes) : Buffer.alloc(0);
    body = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    if (e instanceof BodyTooLarge) return { ok: false, response: jsonError(413, e.message) };
    return { ok: false, response: jsonError(400, `body must be JSON: ${shape}`) };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, response: jsonError(400, zodMessage(parsed.error)) };
  return { ok: true, value: parsed.data };
}
