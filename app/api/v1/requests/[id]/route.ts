import { guard } from "@/lib/auth/guard";
import { z } from "zod";
import { jsonError } from "@/lib/http/json";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

const idSchema = z.coerce.number().int().positive();

export const GET = guard<{ params: Promise<{ id: string }> }>("viewer", async (_request, ctx, principal) => {
  const id = idSchema.safeParse((await ctx.params).id);
  if (!id.success) return jsonError(400, "request id must be a positive integer");
  const detail = await auditStore().requests.get(id.data, principal.scopes);
  return detail ? Response.json(detail) : jsonError(404, `no request with id ${id.data}`);
});
