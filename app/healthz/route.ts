export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness: the process answers. No sign-in, and nothing about the data (proxy.ts skips its Host check). */
export function GET(): Response {
  return new Response("ok\n", { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
