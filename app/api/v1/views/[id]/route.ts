import { jsonError } from "@/lib/http/json";
import { deleteView, getView } from "@/lib/store/views";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function GET(_request: Request, { params }: Params): Promise<Response> {
  const view = getView((await params).id);
  return view ? Response.json(view) : jsonError(404, "no saved view with this id");
}

export async function DELETE(_request: Request, { params }: Params): Promise<Response> {
  return deleteView((await params).id) ? new Response(null, { status: 204 }) : jsonError(404, "no saved view with this id");
}
