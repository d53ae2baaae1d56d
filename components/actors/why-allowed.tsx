import Link from "next/link";
import { requestsHref } from "@/components/requests/hrefs";
import { Badge } from "@/components/ui/badge";
import { explainAuthorization } from "@/lib/audit/rbac-reason";
import { formatTerm } from "@/lib/query/terms";
import { ActorLink } from "./actor-link";

function FilterTo({ field, value, cluster, testId }: { field: "binding" | "role" | "subject"; value: string; cluster: string; testId: string }) {
  return (
    <Link
      href={requestsHref({ cluster: [cluster], q: formatTerm(field, value) })}
      prefetch={false}
      data-testid={testId}
      title={`Every request where ${field} is ${value}`}
      className="font-mono break-all text-sky-700 underline-offset-2 hover:underline dark:text-sky-400"
    >
      {value}
    </Link>
  );
}

/**
 * "Why was it allowed?": the RBAC binding, role and subject that granted the request, each a link to every
 * request it allowed. Other authorizers' reasons are shown as written; an empty reason says so.
 */
export function WhyAllowed({
  reason,
  decision,
  cluster,
  groups,
}: {
  reason: string | null;
  decision: "allow" | "forbid" | null;
  cluster: string;
  groups: string[];
}) {
  const auth = explainAuthorization(reason);
  const tone = decision === "allow" ? "green" : decision === "forbid" ? "red" : "neutral";
  return (
    <div data-testid="why-allowed" className="flex flex-col gap-2 px-3 py-2.5 text-xs">
      <div className="flex items-center gap-2">
        <Badge tone={tone}>{decision === "allow" ? "allowed" : decision === "forbid" ? "forbidden" : "no decision recorded"}</Badge>
        {auth.kind === "rbac" ? <span className="text-zinc-500 dark:text-zinc-400">by RBAC</span> : null}
      </div>
      {auth.kind === "rbac" ? (
        <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-3 gap-y-1">
          <dt className="text-zinc-500 dark:text-zinc-400">{auth.rbac.bindingKind}</dt>
          <dd><FilterTo field="binding" value={auth.rbac.binding} cluster={cluster} testId="why-binding" /></dd>
          <dt className="text-zinc-500 dark:text-zinc-400">{auth.rbac.roleKind}</dt>
          <dd><FilterTo field="role" value={auth.rbac.role} cluster={cluster} testId="why-role" /></dd>
          <dt className="text-zinc-500 dark:text-zinc-400">to {auth.rbac.subjectKind}</dt>
          <dd className="flex flex-wrap items-baseline gap-x-2">
            <FilterTo field="subject" value={auth.rbac.subject} cluster={cluster} testId="why-subject" />
            {auth.rbac.subjectUser && auth.rbac.subjectKind !== "User" ? (
              <span className="text-zinc-500">
                (<ActorLink user={auth.rbac.subjectUser} cluster={cluster} />)
              </span>
            ) : null}
          </dd>
        </dl>
      ) : auth.kind === "text" ? (
        <p className="break-words whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{auth.text}</p>
      ) : (
        <p className="text-zinc-500 dark:text-zinc-400">
          {decision === "allow" && groups.includes("system:masters")
            ? "The user is in the group system:masters, which is allowed everything without consulting RBAC."
            : decision === "allow"
            ? "The API server gave no reason: system:masters, the Node authorizer and some webhooks allow without one."
            : "The API server gave no authorization reason for this request."}
        </p>
      )}
      {reason && auth.kind === "rbac" ? <p className="font-mono text-[11px] break-words text-zinc-400 dark:text-zinc-500">{reason}</p> : null}
    </div>
  );
}
