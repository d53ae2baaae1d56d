import "server-only";
import { Counter, Gauge } from "prom-client";
import { SEVERITIES, type Severity } from "@/lib/findings/rule";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { sourcesStatus } from "@/lib/ingest/live-sources";
import { webhookConfig } from "@/lib/ingest/webhook";
import { auditStore } from "@/lib/store";
import { metrics } from "./registry";

/**
 * Registers, once per process, the metrics read when Prometheus scrapes: totals from the store's runs
 * (which count the CLI's ingests too, made by another process), the webhook's queue, each tailed file's
 * lag, the findings by severity and the store's size on disk.
 */
function registerScrapeGauges(): void {
  if (metrics.scrapeGauges) return;
  metrics.scrapeGauges = true;
  const registers = [metrics.registry];
  // Runs are few (one per upload, one per live source and process): a scrape sums them three times.
  const fromTotals = (name: string, help: string, field: "events" | "requests" | "invalid") =>
    new Counter({
      name,
      help,
      labelNames: ["source"],
      registers,
      async collect() {
        const totals = await auditStore().ingestTotals();
        this.reset();
        for (const t of totals) this.inc({ source: t.source }, t[field]);
      },
    });
  fromTotals("auditlens_ingested_events_total", "Audit events read into the store, by source (upload, cli, tail, webhook)", "events");
  fromTotals("auditlens_ingested_requests_total", "Requests (events grouped by audit ID) stored, by source; a request split across deliveries counts once per delivery", "requests");
  fromTotals("auditlens_invalid_lines_total", "Lines or items that were not valid audit events, by source", "invalid");

  new Gauge({
    name: "auditlens_webhook_in_flight",
    help: "Webhook deliveries being read or stored now (the queue; past AUDITLENS_WEBHOOK_QUEUE they are answered 429)",
    registers,
    collect() {
      this.set(sourcesStatus().webhook.inFlight);
    },
  });
  new Gauge({
    name: "auditlens_webhook_queue_limit",
    help: "AUDITLENS_WEBHOOK_QUEUE: deliveries read or stored at once",
    registers,
    collect() {
      this.set(webhookConfig().AUDITLENS_WEBHOOK_QUEUE);
    },
  });
  new Gauge({
    name: "auditlens_tail_lag_bytes",
    help: "Bytes of a tailed file (AUDITLENS_TAIL) not read yet",
    labelNames: ["file"],
    registers,
    collect() {
      this.reset();
      for (const f of sourcesStatus().tail) this.set({ file: f.path }, f.size === null ? 0 : Math.max(0, f.size - f.offset));
    },
  });
  new Gauge({
    name: "auditlens_tail_lag_seconds",
    help: "Seconds since the newest event read from a tailed file was written (the Sources page's lag); absent before its first event",
    labelNames: ["file"],
    registers,
    collect() {
      this.reset();
      const { tail, observedAt } = sourcesStatus();
      for (const f of tail) if (f.lastEventAt) this.set({ file: f.path }, Math.max(0, (observedAt - Date.parse(f.lastEventAt)) / 1000));
    },
  });
  new Gauge({
    name: "auditlens_findings",
    help: "Requests the enabled detection rules found in the store, by the rule's severity (a request two rules found counts twice)",
    labelNames: ["severity"],
    registers,
    async collect() {
      const counts = await auditStore().findings.countsByRule();
      const severityOf = new Map<string, Severity>(loadRuleSet().rules.map((r) => [r.id, r.severity]));
      const bySeverity = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
      // A rule turned off or removed since its hits were stored is no longer counted.
      for (const { ruleId, count } of counts) {
        const severity = severityOf.get(ruleId);
        if (severity) bySeverity.set(severity, bySeverity.get(severity)! + count);
      }
      for (const [severity, n] of bySeverity) this.set({ severity }, n);
    },
  });
  new Gauge({
    name: "auditlens_store_size_bytes",
    help: "Bytes the store (AUDITLENS_DB) takes on disk: the database file and its write-ahead log",
    registers,
    async collect() {
      this.set(await auditStore().sizeBytes());
    },
  });
}

/** The Prometheus text exposition of every metric, and its content type. */
export async function metricsExposition(): Promise<{ text: string; contentType: string }> {
  registerScrapeGauges();
  return { text: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
