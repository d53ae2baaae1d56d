import { apiTokens, createApiToken, newTokenSchema } from "@/lib/auth/api-tokens";
import { guard, requestPeer } from "@/lib/auth/guard";
import { readJsonBody } from "@/lib/http/json-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = guard("admin", async () => Response.json({ tokens: await apiTokens() }));

/** `{"name", "role", "scopes"?}` → 201 with the token's secret in `token`, shown this once. */
export const POST = guard("admin", async (request, _context, principal) => {
  const input = await readJsonBody(request, newTokenSchema, { maxBytes: 16 * 1024, shape: '{"name", "role", "scopes"?}' });
  if (!input.ok) return input.response;
  return Response.json(await createApiToken(input.value, principal.name, requestPeer(request)), { status: 201, headers: { "Cache-Control": "no-store" } });
});
