import { sourcesStatus } from "@/lib/ingest/live-sources";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(sourcesStatus());
}
