import { getSummary } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(getSummary());
}
