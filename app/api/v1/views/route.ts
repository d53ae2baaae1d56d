import { jsonError, zodMessage } from "@/lib/http/json";
import { db } from "@/lib/store/db";
import { listViews } from "@/lib/store/views";
import { InvalidViewUrlError, saveViewIn, saveViewSchema } from "@/lib/views/save-view";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ views: listViews() });
}

export async function POST(request: Request): Promise<Response> {
  // A JSON content type cannot be sent cross-site without a CORS preflight, so another site's form cannot save views.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return jsonError(415, "send the view as application/json");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, "body must be JSON: {\"name\", \"url\", \"freeze\"?}");
  }
  const input = saveViewSchema.safeParse(body);
  if (!input.success) return jsonError(400, zodMessage(input.error));
  try {
    const view = saveViewIn(db(), input.data);
    return Response.json({ id: view.id, path: view.path, name: view.name, url: view.url }, { status: 201 });
  } catch (e) {
    if (e instanceof InvalidViewUrlError) return jsonError(400, e.message);
    throw e;
  }
}
