import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { z } from "zod";
import { jsonError, zodMessage } from "./json";
import { BodyTooLarge, readBody } from "./read-body";

const isJson = (request: Request) => request.headers.get("content-type")?.toLowerCase().startsWith("application/json") ?? false;

/**
 * The JSON body of a state-changing request, checked against `schema`, or the response refusing it:
 * 415 unless it is sent as application/json (which another site's form cannot send without a CORS
 * preflight), 413 past `maxBytes`, 400 naming what is wrong. `empty` is what a request without a body
 * means, where one may be left out (a DELETE); otherwise a missing body is a 400.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  opts: { maxBytes: number; empty?: z.input<S>; /** The body's shape, as error messages name it: `{"name", "url"}`. */ shape?: string },
): Promise<{ ok: true; value: z.output<S> } | { ok: false; response: Response }> {
  const bytes = request.body
    ? await readBody(Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>), opts.maxBytes).catch((e: unknown) => e)
    : Buffer.alloc(0);
  if (bytes instanceof BodyTooLarge) return { ok: false, response: jsonError(413, bytes.message) };
  if (!(bytes instanceof Buffer)) throw bytes;
  let body: unknown;
  if (bytes.length === 0 && opts.empty !== undefined && !request.headers.get("content-type")) {
    body = opts.empty;
  } else {
    if (!isJson(request)) return { ok: false, response: jsonError(415, `send ${opts.shape ?? "the body"} as application/json`) };
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch {
      return { ok: false, response: jsonError(400, opts.shape ? `body must be JSON: ${opts.shape}` : "body must be JSON") };
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, response: jsonError(400, zodMessage(parsed.error)) };
  return { ok: true, value: parsed.data };
}
