import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { readJsonBody } from "@/lib/http/json-body";
import { auditStore } from "@/lib/store";
import { InvalidViewUrlError, saveViewIn, saveViewSchema } from "@/lib/views/save-view";

export const dynamic = "force-dynamic";

// A view is a name and a URL of at most a few KB.
const MAX_BODY = 16 * 1024;

export const GET = guard("viewer", async () => Response.json({ views: await auditStore().views.list() }));

export const POST = guard("viewer", async (request, _context, principal) => {
  const input = await readJsonBody(request, saveViewSchema, { maxBytes: MAX_BODY, shape: '{"name", "url", "freeze"?}' });
  if (!input.ok) return input.response;
  try {
    const view = await saveViewIn(auditStore(), input.value);
    await recordActivity({ actor: principal.name, action: "view-saved", target: view.id, detail: { name: view.name, url: view.url }, address: requestPeer(request) });
    return Response.json({ id: view.id, path: view.path, name: view.name, url: view.url }, { status: 201 });
  } catch (e) {
    if (e instanceof InvalidViewUrlError) return jsonError(400, e.message, { parameter: "url" });
    throw e;
  }
});
