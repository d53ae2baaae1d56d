/** The request body was larger than the caller allows. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds the ${limit}-byte limit`);
  }
}

/** Reads a whole body, but never more than `limit` bytes of it: route handlers have no body limit of their own. */
export async function readBody(body: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(limit);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts, size);
}
