import { TermLink } from "@/components/requests/term-link";
import { Badge } from "@/components/ui/badge";
import { explainAuthorization } from "@/lib/audit/authorization";
import { ActorLink } from "./actor-link";

const linkStyle = "font-mono break-all text-sky-700 underline-offset-2 hover:underline dark:text-sky-400";

/**
 * "Why was it allowed?": the RBAC binding, role and subject that granted the request, each a link to every
 * request it allowed, in whichever form the reason was written. A reason that names no binding says so,
 * and what decided instead (system:masters, the Node authorizer, a webhook), above the text as written.
 */
export function WhyAllowed({
  reason,
  decision,
  cluster,
  user,
  groups,
  impersonated,
}: {
  reason: string | null;
  decision: "allow" | "forbid" | null;
  cluster: string;
  user: string | null;
  groups: string[];
  impersonated: boolean;
}) {
  const auth = explainAuthorization(reason, { decision, user, groups, impersonated });
  const tone = decision === "allow" ? "green" : decision === "forbid" ? "red" : "neutral";
  const rbac = auth.kind === "rbac" ? auth.rbac : null;
  return (
    <div data-testid="why-allowed" className="flex flex-col gap-2 px-3 py-2.5 text-xs">
      <div className="flex items-center gap-2">
        <Badge tone={tone}>{decision === "allow" ? "allowed" : decision === "forbid" ? "forbidden" : "no decision recorded"}</Badge>
        {rbac ? <span className="text-zinc-500 dark:text-zinc-400">by {rbac.authorizer ?? "RBAC"}</span> : null}
      </div>
      {rbac ? (
        <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-3 gap-y-1">
          <dt className="text-zinc-500 dark:text-zinc-400">{rbac.bindingKind}</dt>
          <dd><TermLink field="binding" value={rbac.binding} cluster={cluster} testId="why-binding" className={linkStyle} /></dd>
          {rbac.roleKind && rbac.role !== null ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">{rbac.roleKind}</dt>
              <dd><TermLink field="role" value={rbac.role} cluster={cluster} testId="why-role" className={linkStyle} /></dd>
            </>
          ) : null}
          {rbac.subjectKind && rbac.subject !== null ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">to {rbac.subjectKind}</dt>
              <dd className="flex flex-wrap items-baseline gap-x-2">
                <TermLink field="subject" value={rbac.subject} cluster={cluster} testId="why-subject" className={linkStyle} />
                {rbac.subjectUser && rbac.subjectKind !== "User" ? (
                  <span className="text-zinc-500">
                    (<ActorLink user={rbac.subjectUser} cluster={cluster} />)
                  </span>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {rbac && rbac.role === null ? <p className="text-zinc-500 dark:text-zinc-400">The reason names the binding only, not its role or subject.</p> : null}
      {auth.kind === "no-binding" ? (
        <p data-testid="why-no-binding" className="text-zinc-600 dark:text-zinc-300">
          {auth.explanation}
        </p>
      ) : null}
      {reason?.trim() ? (
        <p data-testid="why-reason" className={auth.kind === "rbac" ? "font-mono text-[11px] break-words text-zinc-400 dark:text-zinc-500" : "font-mono break-words whitespace-pre-wrap text-zinc-700 dark:text-zinc-300"}>
          {reason}
        </p>
      ) : null}
    </div>
  );
}
