import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const GET = guard<Params>("viewer", async (_request, { params }) => {
  const view = await auditStore().views.get((await params).id);
  return view ? Response.json(view) : jsonError(404, "no saved view with this id");
});

export const DELETE = guard<Params>("viewer", async (request, { params }, principal) => {
  const id = (await params).id;
  if (!(await auditStore().views.delete(id))) return jsonError(404, "no saved view with this id");
  await recordActivity({ actor: principal.name, action: "view-deleted", target: id, address: requestPeer(request) });
  return new Response(null, { status: 204 });
});
