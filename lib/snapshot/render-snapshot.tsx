import "server-only";
import { renderToStaticMarkup } from "./static-markup";
import { formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import type { Filter } from "@/lib/query/filter";
import type { Scopes } from "@/lib/query/scope";
import type { RequestRow, Stats } from "@/lib/store/types";
import type { View } from "@/lib/query/view";
import type { AuditStore } from "@/lib/store/audit-store";
import { formatMicros } from "@/lib/time/micros";
import { FacetTables } from "./facet-tables";
import { FilterSummary } from "./filter-summary";
import { RequestItem } from "./request-item";
import { SNAPSHOT_CSS, SNAPSHOT_SCRIPT } from "./styles";
import { TimelineSvg } from "./timeline-svg";

export const SNAPSHOT_LIMIT = 10_000;
/** Requests rendered per pull: bounded memory however large the snapshot. */
const BATCH = 500;
/** More entries per breakdown than the dashboard shows: a file has no "show more". */
const FACET_LIMIT = 25;

/**
 * Nothing may leave the file: no fetch, image, font or frame from anywhere. Inline style and the one
 * inline script are allowed. A teammate opens it from disk, often from an untrusted mail attachment.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

export type SnapshotInput = {
  filter: Filter;
  /** The scopes of whoever asked for it: a snapshot leaves Auditlens, so it holds nothing they could not see. */
  scopes: Scopes;
  view: Pick<View, "stack">;
  /** The view's canonical query string, shown as the view's description. */
  search: string;
  generatedAt: Date;
  limit?: number;
};

export function snapshotFileName(at: Date): string {
  return `auditlens-snapshot-${at.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z.html`;
}

function Header({ input, stats, newest }: { input: SnapshotInput; stats: Stats; newest: string | null }) {
  return (
    <>
      <header className="card">
        <div className="head">
          <h1>Auditlens incident snapshot</h1>
          <span className="muted">generated {formatTime(input.generatedAt.toISOString(), "s")} UTC</span>
        </div>
        <div className="head" style={{ marginTop: 8 }}>
          <span>
            <span className="total" data-testid="snapshot-total">
              {formatNumber(stats.total)}
            </span>{" "}
            <span className="muted">{stats.total === 1 ? "request" : "requests"}</span>
          </span>
        </div>
        <FilterSummary search={input.search} stats={stats} newest={newest} />
      </header>
      <section className="card">
        <h2>Timeline</h2>
        <TimelineSvg stats={stats} byUser={input.view.stack === "user"} />
      </section>
      <section className="card">
        <FacetTables stats={stats} />
      </section>
    </>
  );
}

/** Opens the requests card; the rows stream in after it. */
function RequestsHeading({ total, shown }: { total: number; shown: number }) {
  return (
    <>
      <h2>
        Requests, newest first
        {total > shown ? ` — the newest ${formatNumber(shown)} of ${formatNumber(total)}` : ""}
      </h2>
      <input id="filter" className="search" type="search" placeholder="Filter these requests by any text…" aria-label="Filter requests" hidden />{" "}
      <span id="shown" className="muted" />
      <div className="cols" aria-hidden="true">
        <span>time (UTC)</span>
        <span>user</span>
        <span>verb</span>
        <span>resource</span>
        <span>namespace/name</span>
        <span>code</span>
        <span>latency</span>
      </div>
    </>
  );
}

/**
 * The current view as one self-contained HTML file, streamed: the head (filters, total, timeline,
 * breakdowns) first, then requests in batches with their original events. Every value from the logs
 * goes through React's escaping; the only raw markup is our own constant CSS and script.
 * Stats run before the stream starts, so a bad query fails the call instead of cutting a file short.
 */
export async function renderSnapshot(store: AuditStore, input: SnapshotInput): Promise<ReadableStream<Uint8Array>> {
  const limit = input.limit ?? SNAPSHOT_LIMIT;
  const stats = await store.stats({ ...input.filter, scopes: input.scopes }, input.view, { facetLimit: FACET_LIMIT });
  const ctx = await store.newest();
  const newest = ctx.newestUs === null ? null : formatMicros(ctx.newestUs);
  const shown = Math.min(stats.total, limit);
  const encoder = new TextEncoder();
  const eventsOf = store.requests.eventReader();
  // Rows are small: read them in one keyset query (one count, not one per batch); events are the bulk, read per batch.
  let rows: RequestRow[] | null = null;
  let sent = 0;
  let phase: "head" | "rows" | "done" = "head";

  const head =
    "<!DOCTYPE html>" +
    '<html lang="en"><head><meta charset="utf-8">' +
    renderToStaticMarkup(
      <>
        <meta httpEquiv="Content-Security-Policy" content={CSP} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="Auditlens" />
        <title>{`Auditlens snapshot — ${formatNumber(stats.total)} requests`}</title>
      </>,
    ) +
    `<style>${SNAPSHOT_CSS}</style></head><body>` +
    renderToStaticMarkup(<Header input={input} stats={stats} newest={newest} />) +
    '<section class="card" id="requests">' +
    renderToStaticMarkup(<RequestsHeading total={stats.total} shown={shown} />);

  const tail =
    "</section>" +
    renderToStaticMarkup(
      <footer>
        Made by Auditlens from Kubernetes API-server audit logs. This file is self-contained: it loads nothing and sends nothing.
      </footer>,
    ) +
    `<script>${SNAPSHOT_SCRIPT}</script></body></html>`;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (phase === "head") {
        controller.enqueue(encoder.encode(head));
        phase = sent < shown ? "rows" : "done";
        return;
      }
      if (phase === "rows") {
        rows ??= (await store.requests.page({ ...input.filter, scopes: input.scopes }, { limit: shown })).items;
        const batch = rows.slice(sent, sent + BATCH);
        const events = await eventsOf(batch.map((r) => r.id));
        controller.enqueue(encoder.encode(renderToStaticMarkup(batch.map((r) => <RequestItem key={r.id} row={r} events={events.get(r.id) ?? []} />))));
        sent += batch.length;
        if (sent >= rows.length || batch.length === 0) phase = "done";
        return;
      }
      controller.enqueue(encoder.encode(tail));
      controller.close();
    },
  });
}
