import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBadge } from "@/components/ui/code-badge";
import { formatActor } from "@/lib/format/actor";
import { formatLatency } from "@/lib/format/duration";
import { formatGroupVersion, formatObject, formatResource } from "@/lib/format/resource";
import { formatTime } from "@/lib/format/time";
import type { RequestDetail as Detail } from "@/lib/query/types";
import { FilterLink } from "./filter-link";
import { StageEventView } from "./stage-event";
import { VerbLabel } from "./verb-label";

const none = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[9.5rem_minmax(0,1fr)] gap-3 border-b border-zinc-100 px-3 py-1.5 last:border-b-0 dark:border-zinc-800/70">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd data-testid={testId} className="min-w-0 font-mono text-xs break-words text-zinc-900 dark:text-zinc-100">
        {children}
      </dd>
    </div>
  );
}

function text(value: string | null): ReactNode {
  return value === null || value === "" ? none : value;
}

export function RequestDetail({ request: r }: { request: Detail }) {
  const resource = formatResource(r.resource, r.subresource);
  const object = formatObject(r.namespace, r.name);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <h1 className="flex min-w-0 flex-wrap items-center gap-x-2.5 gap-y-1 text-base font-semibold">
          <span className="text-lg">
            <VerbLabel verb={r.verb} />
          </span>
          <span className="min-w-0 font-mono break-all">{resource ?? r.requestURI.split("?")[0]}</span>
          {object ? <span className="min-w-0 font-mono font-normal break-all text-zinc-500 dark:text-zinc-400">{object}</span> : null}
          <CodeBadge code={r.code} />
        </h1>
        <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          <span className="tabular font-mono">{formatTime(r.time)} UTC</span>
          <span aria-hidden="true">·</span>
          <span>{formatLatency(r.latencyMs)}</span>
          <span aria-hidden="true">·</span>
          <span className="font-mono">{formatActor(r.user, r.impersonatedUser)}</span>
          {r.decision ? <Badge tone={r.decision === "allow" ? "green" : "red"}>{r.decision === "allow" ? "allowed" : "forbidden"}</Badge> : null}
          {r.conflict ? (
            <Badge tone="amber" className="whitespace-normal" title="the store kept every differing copy">
              conflict: two different events share this auditID and stage — both kept
            </Badge>
          ) : null}
          {r.truncated ? (
            <Badge tone="amber" title="audit.k8s.io/truncated: the API server dropped a request or response body">
              truncated
            </Badge>
          ) : null}
        </div>
      </div>

      <Card>
        <CardHeader title="Request" aside={<span className="font-mono">#{r.id}</span>} />
        <div className="grid lg:grid-cols-2 lg:divide-x lg:divide-zinc-200 dark:lg:divide-zinc-800">
          <dl>
            <Field label="Cluster"><FilterLink field="cluster" value={r.cluster} /></Field>
            <Field label="Audit ID" testId="detail-audit-id">{r.auditID}</Field>
            <Field label="Time (UTC)"><span title={r.time}>{formatTime(r.time)}</span> <span className="text-zinc-400">{r.time}</span></Field>
            <Field label="User">{r.user ? <FilterLink field="user" value={r.user} /> : none}</Field>
            <Field label="Groups">
              {r.groups.length === 0 ? none : (
                <span className="flex flex-wrap gap-1">{r.groups.map((g) => <Badge key={g} mono>{g}</Badge>)}</span>
              )}
            </Field>
            <Field label="Impersonated user">{text(r.impersonatedUser)}</Field>
            <Field label="Source IP">{text(r.sourceIP)}</Field>
            <Field label="User agent">{text(r.userAgent)}</Field>
            <Field label="Level">{r.level}</Field>
            <Field label="Stages seen">
              <span className="flex flex-wrap gap-1">{r.stages.map((s) => <Badge key={s} tone="violet" mono>{s}</Badge>)}</span>
            </Field>
          </dl>
          <dl className="border-t border-zinc-100 lg:border-t-0 dark:border-zinc-800/70">
            <Field label="Verb"><FilterLink field="verb" value={r.verb} /></Field>
            <Field label="API group / version">{resource === null ? none : formatGroupVersion(r.apiGroup, r.apiVersion)}</Field>
            <Field label="Resource">
              {r.resource ? <FilterLink field="resource" value={r.resource} /> : none}
              {r.subresource ? <span className="text-zinc-500"> / {r.subresource}</span> : null}
            </Field>
            <Field label="Namespace">{r.namespace ? <FilterLink field="namespace" value={r.namespace} /> : none}</Field>
            <Field label="Name">{text(r.name)}</Field>
            <Field label="Request URI"><span className="break-all">{r.requestURI}</span></Field>
            <Field label="Response">
              <span className="flex items-start gap-2">
                <CodeBadge code={r.code} />
                {r.message ? <span className="min-w-0 break-words">{r.message}</span> : null}
              </span>
            </Field>
            <Field label="Latency"><span title={r.latencyMs === null ? undefined : `${r.latencyMs} ms`}>{formatLatency(r.latencyMs)}</span></Field>
            <Field label="Authorization">
              {r.decision === null ? none : <Badge tone={r.decision === "allow" ? "green" : "red"}>{r.decision}</Badge>}
              {r.reason ? <span className="mt-0.5 block font-sans break-words text-zinc-700 dark:text-zinc-300">{r.reason}</span> : null}
            </Field>
          </dl>
        </div>
      </Card>

      <Card data-testid="stage-events">
        <CardHeader title={`Stage events (${r.events.length})`} aside="verbatim as received" />
        {r.events.length === 0 ? <p className="px-3 py-4 text-xs text-zinc-500">No stored events.</p> : r.events.map((e) => <StageEventView key={e.id} event={e} />)}
      </Card>
    </div>
  );
}
