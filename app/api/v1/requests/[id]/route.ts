import { z } from "zod";
import { jsonError } from "@/lib/http/json";
import { getRequest } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

const idSchema = z.coerce.number().int().positive();

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = idSchema.safeParse((await ctx.params).id);
  if (!id.success) return jsonError(400, "request id must be a positive integer");
  const detail = getRequest(id.data);
  return detail ? Response.json(detail) : jsonError(404, `no request with id ${id.data}`);
}
