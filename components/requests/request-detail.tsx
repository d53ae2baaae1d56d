import Link from "next/link";
import type { ReactNode } from "react";
import { ActorLink } from "@/components/actors/actor-link";
import { WhyAllowed } from "@/components/actors/why-allowed";
import { objectHistoryHref } from "@/components/history/object-href";
import { RelatedRequests } from "@/components/history/related-requests";
import { CopyButton } from "@/components/json/copy-button";
import { BoundedJsonTree } from "@/components/json/bounded-json-tree";
import { Badge } from "@/components/ui/badge";
import { BreakAfterSeparators } from "@/components/ui/break-after-separators";
import { buttonStyles } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBadge } from "@/components/ui/code-badge";
import { parseRawEvent } from "@/lib/audit/raw-event";
import { jsonTextOrNull } from "@/lib/format/bound-depth";
import { describeParts } from "@/lib/audit/describe";
import { formatGroupVersion, formatResource } from "@/lib/format/resource";
import { formatTime } from "@/lib/format/time";
import type { RequestDetail as Detail, RequestRow } from "@/lib/store/types";
import { Field } from "./detail-field";
import { FilterLink } from "./filter-link";
import { LatencyValue } from "./latency-value";
import { PodSessionFields } from "./pod-session-fields";
import { StageEventView } from "./stage-event";

const none = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

function text(value: string | null): ReactNode {
  return value === null || value === "" ? none : value;
}

type Parsed = { annotations: Record<string, string>; requestObject?: unknown; responseObject?: unknown };

/** Annotations of every stage (a later stage's value wins) and the bodies the stages logged. */
function fromEvents(events: Detail["events"]): Parsed {
  const out: Parsed = { annotations: {} };
  for (const e of events) {
    const event = parseRawEvent(e.raw);
    if (!event) continue;
    const annotations = event.annotations;
    if (typeof annotations === "object" && annotations !== null) {
      for (const [k, v] of Object.entries(annotations)) out.annotations[k] = typeof v === "string" ? v : (jsonTextOrNull(v, 0) ?? "(nested too deep to show)");
    }
    if (event.requestObject !== undefined) out.requestObject = event.requestObject;
    if (event.responseObject !== undefined) out.responseObject = event.responseObject;
  }
  return out;
}

function Body({ title, label, value }: { title: string; label: string; value: unknown }) {
  // Too deep to print: the stage event below copies verbatim.
  const text = jsonTextOrNull(value);
  return (
    <Card data-testid={`body-${title}`}>
      <CardHeader title={<>{label} <span className="font-mono font-normal normal-case">{title}</span></>} aside={text === null ? null : <CopyButton text={text} />} />
      <div className="max-h-[40rem] overflow-auto px-3 py-2">
        <BoundedJsonTree value={value} defaultDepth={2} label={title} />
      </div>
    </Card>
  );
}

export function RequestDetail({
  request: r,
  related,
  foundBy,
}: {
  request: Detail;
  related: { items: RequestRow[]; total: number };
  /** The detection rules that found this request (a <FoundByRules>), under the header. */
  foundBy?: ReactNode;
}) {
  const resource = formatResource(r.resource, r.subresource);
  const sentence = describeParts(r);
  const parsed = fromEvents(r.events);
  const annotations = Object.entries(parsed.annotations).sort(([a], [b]) => a.localeCompare(b));
  const historyHref =
    r.resource && r.name
      ? objectHistoryHref({ cluster: r.cluster, apiGroup: r.apiGroup, resource: r.resource, namespace: r.namespace, name: r.name })
      : null;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1.5">
          <h1 data-testid="request-sentence" className="text-base leading-snug font-semibold break-words">
            {r.user ? <ActorLink user={r.user} cluster={r.cluster} /> : sentence.actor.split(" as ")[0]}
            {r.impersonatedUser ? (
              <>
                {" as "}
                <ActorLink user={r.impersonatedUser} cluster={r.cluster} />
              </>
            ) : null}{" "}
            <span>{sentence.action}</span>
            <span className="font-normal text-zinc-500 dark:text-zinc-400"> — {sentence.outcome}</span>
          </h1>
          <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
            <span className="tabular font-mono">{formatTime(r.time)} UTC</span>
            <CodeBadge code={r.code} />
            {r.decision ? <Badge tone={r.decision === "allow" ? "green" : "red"}>{r.decision === "allow" ? "allowed" : "forbidden"}</Badge> : null}
            {r.conflict ? (
              <Badge tone="amber" className="whitespace-normal" title="the store kept every differing copy">
                conflict: two different events share this auditID and stage — both kept
              </Badge>
            ) : null}
            {r.future ? (
              <Badge tone="amber" title="flag:future — a skewed clock or a forged timestamp; relative ranges do not count back from it">
                future-dated: more than a day after Auditlens received it
              </Badge>
            ) : null}
            {r.truncated ? (
              <Badge tone="amber" title="audit.k8s.io/truncated: the API server dropped a request or response body">
                truncated
              </Badge>
            ) : null}
          </div>
        </div>
        {historyHref ? (
          <Link href={historyHref} prefetch={false} data-testid="history-link" className={buttonStyles("secondary")}>
            History of this object
          </Link>
        ) : null}
      </div>
      {foundBy}

      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_28rem]">
        <div className="flex min-w-0 flex-col gap-4">
          <Card>
            <CardHeader title="Request" aside={<span className="font-mono">#{r.id}</span>} />
            <div className="grid lg:grid-cols-2 lg:divide-x lg:divide-zinc-200 dark:lg:divide-zinc-800">
              <dl>
                <Field label="Cluster" testId="detail-cluster"><FilterLink field="cluster" value={r.cluster} /></Field>
                <Field label="Audit ID" testId="detail-audit-id">{r.auditID}</Field>
                <Field label="Time (UTC)"><span title={r.time}>{formatTime(r.time)}</span> <span className="text-zinc-400">{r.time}</span></Field>
                <Field label="User">{r.user ? <ActorLink user={r.user} cluster={r.cluster} /> : none}</Field>
                <Field label="Groups">
                  {r.groups.length === 0 ? none : (
                    <span className="flex flex-wrap gap-1">{r.groups.map((g) => <Badge key={g} mono wrap><span><BreakAfterSeparators text={g} /></span></Badge>)}</span>
                  )}
                </Field>
                <Field label="Impersonated user">{r.impersonatedUser ? <ActorLink user={r.impersonatedUser} cluster={r.cluster} /> : none}</Field>
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
                <PodSessionFields request={r} />
                <Field label="Response">
                  <span className="flex items-start gap-2">
                    <CodeBadge code={r.code} />
                    {r.message ? <span className="min-w-0 break-words">{r.message}</span> : null}
                  </span>
                </Field>
                <Field label="Latency" testId="latency"><LatencyValue ms={r.latencyMs} unknown={r.latencyUnknown} /></Field>
                <Field label="Decision">{r.decision === null ? none : <Badge tone={r.decision === "allow" ? "green" : "red"}>{r.decision}</Badge>}</Field>
              </dl>
            </div>
          </Card>

          {parsed.requestObject !== undefined ? <Body title="requestObject" label={r.verb === "patch" ? "Patch sent ·" : "Request body ·"} value={parsed.requestObject} /> : null}
          {parsed.responseObject !== undefined ? <Body title="responseObject" label="Response body ·" value={parsed.responseObject} /> : null}

          <Card data-testid="stage-events">
            <CardHeader title={`Stage events (${r.events.length})`} aside="verbatim as received" />
            {r.events.length === 0 ? <p className="px-3 py-4 text-xs text-zinc-500">No stored events.</p> : r.events.map((e) => <StageEventView key={e.id} event={e} />)}
          </Card>
        </div>

        <div className="flex min-w-0 flex-col gap-4">
          <Card>
            <CardHeader title={r.decision === "forbid" ? "Why was it forbidden?" : r.decision === "allow" ? "Why was it allowed?" : "Authorization"} />
            <WhyAllowed reason={r.reason} decision={r.decision} cluster={r.cluster} user={r.user} groups={r.groups} impersonated={r.impersonatedUser !== null} />
          </Card>
          <Card data-testid="annotations">
            <CardHeader title={`Annotations (${annotations.length})`} />
            {annotations.length === 0 ? (
              <p className="px-3 py-3 text-xs text-zinc-500 dark:text-zinc-400">No annotations.</p>
            ) : (
              <dl>
                {annotations.map(([k, v]) => (
                  <div key={k} className="border-b border-zinc-100 px-3 py-1.5 last:border-b-0 dark:border-zinc-800/70">
                    <dt className="font-mono text-[11px] break-all text-zinc-500 dark:text-zinc-400">{k}</dt>
                    <dd className="font-mono text-xs break-words whitespace-pre-wrap">{v === "" ? none : v}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Card>
          <Card>
            <CardHeader title="Same user, ±5 minutes" aside={related.total > 0 ? `${related.total}` : undefined} />
            <RelatedRequests request={r} related={related} />
          </Card>
        </div>
      </div>
    </div>
  );
}
