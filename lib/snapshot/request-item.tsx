import { formatActor } from "@/lib/format/actor";
import { LATENCY_UNKNOWN_REASON } from "@/lib/audit/latency";
import { formatLatency } from "@/lib/format/duration";
import { prettyJson } from "@/lib/format/json";
import { formatGroupVersion, formatObject, formatResource } from "@/lib/format/resource";
import { formatTime } from "@/lib/format/time";
import type { RequestRow, StageEvent } from "@/lib/store/types";

function Field({ label, value }: { label: string; value: string | number | null | undefined }) {
  if (value === null || value === undefined || value === "") return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className="mono">{value}</dd>
    </>
  );
}

/** One request: a summary line that reads like the table, and on opening every field and original event. */
export function RequestItem({ row, events }: { row: RequestRow; events: StageEvent[] }) {
  const codeClass = row.code === null ? undefined : `c${Math.floor(row.code / 100)}`;
  return (
    <details className="req" data-request-id={row.id}>
      <summary>
        <span className="mono">{formatTime(row.time)}</span>
        <span className="mono">{formatActor(row.user, row.impersonatedUser)}</span>
        <span className="mono">{row.verb}</span>
        <span className="mono">{formatResource(row.resource, row.subresource) ?? row.requestURI}</span>
        <span className="mono">{formatObject(row.namespace, row.name) ?? ""}</span>
        <span className={`mono num ${codeClass ?? ""}`}>{row.code ?? "—"}</span>
        <span className="mono num" title={row.latencyUnknown === null ? undefined : LATENCY_UNKNOWN_REASON[row.latencyUnknown]}>{formatLatency(row.latencyMs)}</span>
      </summary>
      <div className="body">
        <dl className="fields">
          <Field label="time" value={row.future ? `${row.time} (future-dated: more than a day after Auditlens received it)` : row.time} />
          <Field label="cluster" value={row.cluster} />
          <Field label="auditID" value={row.auditID} />
          <Field label="user" value={row.user} />
          <Field label="groups" value={row.groups.join(", ")} />
          <Field label="impersonated user" value={row.impersonatedUser} />
          <Field label="verb" value={row.verb} />
          <Field label="group/version" value={row.apiVersion || row.apiGroup ? formatGroupVersion(row.apiGroup, row.apiVersion) : null} />
          <Field label="resource" value={formatResource(row.resource, row.subresource)} />
          <Field label="namespace" value={row.namespace} />
          <Field label="name" value={row.name} />
          <Field label="request URI" value={row.requestURI} />
          <Field label="code" value={row.code} />
          <Field label="latency" value={row.latencyUnknown !== null ? LATENCY_UNKNOWN_REASON[row.latencyUnknown] : row.latencyMs === null ? null : formatLatency(row.latencyMs)} />
          <Field label="source IP" value={row.sourceIP} />
          <Field label="user agent" value={row.userAgent} />
          <Field label="decision" value={row.decision} />
          <Field label="level" value={row.level} />
          <Field label="stages" value={row.stages.join(", ")} />
        </dl>
        {events.map((e) => (
          <details className="event" key={e.id}>
            <summary>
              {e.stage} event · {formatTime(e.time)}
              {e.conflict ? " · conflicting duplicate" : ""}
            </summary>
            <pre>{prettyJson(e.raw)}</pre>
          </details>
        ))}
      </div>
    </details>
  );
}
