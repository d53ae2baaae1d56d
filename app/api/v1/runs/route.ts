import { guard } from "@/lib/auth/guard";
import { withQueryErrors } from "@/lib/http/query-error";
import { noEventsWarning } from "@/lib/ingest/no-events";
import { readParams, throwFirst, wholeNumber } from "@/lib/query/params";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

const paramsShape = { limit: wholeNumber(1, 500, 50) };

export const GET = guard("viewer", (request, _context, principal) =>
  withQueryErrors(async () => {
    const { values, issues } = readParams(paramsShape, new URL(request.url).searchParams);
    throwFirst(issues);
    const runs = await auditStore().runs(values.limit, principal.scopes);
    // As /runs shows it: a finished run that read no audit event at all, and its likely cause.
    return Response.json({ items: runs.map((run) => ({ ...run, warning: run.status === "done" ? noEventsWarning(run) : null })) });
  }),
);
