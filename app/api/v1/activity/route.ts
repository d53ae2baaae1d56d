import { z } from "zod";
import { ACTIVITY_ACTIONS, activityPage } from "@/lib/auth/activity";
import { guard } from "@/lib/auth/guard";
import { jsonError, zodMessage } from "@/lib/http/json";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional(),
  action: z.enum(ACTIVITY_ACTIONS).optional(),
});

/** Auditlens' own audit trail, newest first: `{"items": [{"id", "at", "actor", "action", "target", "detail", "address"}], "next"}`. */
export const GET = guard("admin", async (request) => {
  const params = paramsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) return jsonError(400, zodMessage(params.error), { parameter: String(params.error.issues[0]?.path[0] ?? "") });
  return Response.json(await activityPage(params.data));
});
