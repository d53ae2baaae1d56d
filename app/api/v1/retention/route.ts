import { z } from "zod";
import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { readJsonBody } from "@/lib/http/json-body";
import { jsonError } from "@/lib/http/json";
import { applyRetentionPolicy, deleteRequestsBefore, RetentionOffError } from "@/lib/retention/actions";

export const dynamic = "force-dynamic";

const bodySchema = z
  .object({
    before: z.iso.datetime({ offset: true, local: false }).optional(),
  })
  .strict();

/**
 * Admin only. `{}` applies the configured policy now; `{"before": ISO}` deletes every request received
 * before that time. Answers with what was deleted.
 */
export const POST = guard("admin", async (request, _context, principal) => {
  const body = await readJsonBody(request, bodySchema, { maxBytes: 1024 });
  if (!body.ok) return body.response;
  const address = requestPeer(request);
  try {
    if (body.value.before !== undefined) {
      const deleted = await deleteRequestsBefore(body.value.before);
      await recordActivity({ actor: principal.name, action: "delete", target: `before ${body.value.before}`, detail: deleted, address });
      return Response.json(deleted);
    }
    const pass = await applyRetentionPolicy();
    await recordActivity({ actor: principal.name, action: "retention", detail: pass, address });
    return Response.json({ pass });
  } catch (e) {
    if (e instanceof RetentionOffError) return jsonError(409, e.message);
    throw e;
  }
});
