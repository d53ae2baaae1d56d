import { CopyButton } from "@/components/json/copy-button";
import { BoundedJsonTree } from "@/components/json/bounded-json-tree";
import { Badge } from "@/components/ui/badge";
import { readStoredEvent } from "@/lib/audit/raw-event";
import { formatBytes } from "@/lib/format/bytes";
import { prettyJson } from "@/lib/format/json";
import { formatTime } from "@/lib/format/time";
import type { StageEvent } from "@/lib/store/types";

function parse(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** The audit Event Auditlens read from a record in another schema; the record above it is what was received. */
function ConvertedEvent({ event, stage }: { event: Record<string, unknown>; stage: string }) {
  return (
    <section data-testid="stage-event-converted" className="border-t border-zinc-100 dark:border-zinc-800/70">
      <header className="flex items-center gap-2 px-3 py-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">
        <span className="min-w-0">
          <span className="font-medium text-zinc-700 dark:text-zinc-300">Converted to an audit Event by Auditlens</span>
          {" · not part of the record; the request's fields are read from it"}
        </span>
        <span className="ml-auto shrink-0">
          <CopyButton text={JSON.stringify(event, null, 2)} />
        </span>
      </header>
      <div className="max-h-[36rem] overflow-auto bg-zinc-50 px-3 py-2 text-zinc-800 dark:bg-zinc-950 dark:text-zinc-300">
        <BoundedJsonTree value={event} defaultDepth={1} label={`${stage} event, converted`} />
      </div>
    </section>
  );
}

/** One stage event exactly as it was received: a tree to read, a button to copy it verbatim. */
export function StageEventView({ event }: { event: StageEvent }) {
  const parsed = parse(event.raw);
  const converted = readStoredEvent(event.raw);
  return (
    <article data-testid="stage-event" className="border-t border-zinc-200 first:border-t-0 dark:border-zinc-800">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-1.5">
        <Badge tone={event.stage === "Panic" ? "red" : "violet"} mono>
          {event.stage}
        </Badge>
        <span title={event.time} className="tabular font-mono text-xs text-zinc-600 dark:text-zinc-400">
          {formatTime(event.time)} UTC
        </span>
        {converted?.original ? (
          <Badge tone="blue" title="stored verbatim as received: a GKE Cloud Logging record, not an audit.k8s.io Event">
            GKE Cloud Logging record
          </Badge>
        ) : null}
        {event.conflict ? (
          <Badge tone="amber" title="another event with this auditID and stage differs from this one">
            conflicting copy
          </Badge>
        ) : null}
        <span className="ml-auto flex items-center gap-2 text-[11px] text-zinc-500">
          run #{event.runId} · event #{event.id} · {formatBytes(new TextEncoder().encode(event.raw).length)}
          <CopyButton text={prettyJson(event.raw)} />
        </span>
      </header>
      <div
        data-testid="stage-event-raw"
        className="max-h-[36rem] overflow-auto border-t border-zinc-100 bg-zinc-50 px-3 py-2 text-zinc-800 dark:border-zinc-800/70 dark:bg-zinc-950 dark:text-zinc-300"
      >
        {parsed.ok ? (
          <BoundedJsonTree value={parsed.value} defaultDepth={1} label={`${event.stage} event`} />
        ) : (
          <pre className="font-mono text-[11px] leading-[1.55] whitespace-pre-wrap">{event.raw}</pre>
        )}
      </div>
      {converted?.original ? <ConvertedEvent event={converted.event} stage={event.stage} /> : null}
    </article>
  );
}
