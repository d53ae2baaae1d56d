import { guard } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { sourcesStatus } from "@/lib/ingest/live-sources";

export const dynamic = "force-dynamic";

/** Sources count whole clusters' events: for unscoped principals only. */
export const GET = guard("viewer", (_request, _context, principal) =>
  principal.scopes ? jsonError(403, "live sources count every namespace's events: shown to unscoped users only") : Response.json(sourcesStatus()),
);
