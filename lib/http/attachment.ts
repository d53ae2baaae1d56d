/** A streamed download: never cached (it reflects the store now), never sniffed into another type. */
export function attachment(body: ReadableStream<Uint8Array>, contentType: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
