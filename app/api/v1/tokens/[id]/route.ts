import { revokeApiToken } from "@/lib/auth/api-tokens";
import { guard, requestPeer } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const DELETE = guard<Params>("admin", async (request, { params }, principal) =>
  (await revokeApiToken((await params).id, principal.name, requestPeer(request))) ? new Response(null, { status: 204 }) : jsonError(404, "no API token with this id"),
);
