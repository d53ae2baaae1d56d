import { z } from "zod";
import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { readJsonBody } from "@/lib/http/json-body";
import { jsonError } from "@/lib/http/json";
import { deleteIngestRun, RunInProgressError } from "@/lib/retention/actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

const idSchema = z.coerce.number().int().positive();
// Nothing to say besides the id in the path: no body, or an empty JSON object.
const bodySchema = z.object({}).strict();

/** Admin only: deletes the run and its events (see README, "Retention and deletion"). */
export const DELETE = guard<Params>("admin", async (request, { params }, principal) => {
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return jsonError(400, "run id must be a positive integer", { parameter: "id" });
  const body = await readJsonBody(request, bodySchema, { maxBytes: 1024, empty: {} });
  if (!body.ok) return body.response;
  try {
    const deleted = await deleteIngestRun(id.data);
    if (!deleted) return jsonError(404, "no ingest run with this id");
    await recordActivity({ actor: principal.name, action: "delete", target: `run ${id.data}`, detail: deleted, address: requestPeer(request) });
    return Response.json({ runId: id.data, deleted });
  } catch (e) {
    if (e instanceof RunInProgressError) return jsonError(409, e.message);
    throw e;
  }
});
