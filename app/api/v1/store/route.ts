import { storeStatus } from "@/lib/retention/actions";

export const dynamic = "force-dynamic";

/** Admin only: the store's size, pages, span and counts, and the retention policy with its last pass. */
export function GET(): Response {
  return Response.json(storeStatus());
}
