import { z } from "zod";
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
export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request, bodySchema, { maxBytes: 1024 });
  if (!body.ok) return body.response;
  try {
    if (body.value.before !== undefined) return Response.json(await deleteRequestsBefore(body.value.before));
    return Response.json({ pass: await applyRetentionPolicy() });
  } catch (e) {
    if (e instanceof RetentionOffError) return jsonError(409, e.message);
    throw e;
  }
}
