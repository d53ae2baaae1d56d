import "server-only";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

type Metrics = {
  registry: Registry;
  webhookDeliveries: Counter<"status">;
  notifications: Counter<"outcome">;
  httpDuration: Histogram<"route" | "method" | "status">;
  /** Whether the gauges read at scrape time (scrape.ts) are registered yet. */
  scrapeGauges: boolean;
};

const NOTIFICATION_OUTCOMES = ["sent", "failed", "dropped"] as const;

function notificationsCounter(registry: Registry): Counter<"outcome"> {
  const counter = new Counter({
    name: "auditlens_notifications_total",
    help: "Finding notifications to AUDITLENS_NOTIFY_URL since the process started: sent, failed (refused, or every try failed), dropped (queue full, or unsent at shutdown)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  // Every outcome from the start at 0, so that a rate over them needs no absent-series handling.
  for (const outcome of NOTIFICATION_OUTCOMES) counter.inc({ outcome }, 0);
  return counter;
}

function create(): Metrics {
  const registry = new Registry();
  // The process's own: CPU, resident memory, heap, event-loop lag, open file descriptors.
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    webhookDeliveries: new Counter({
      name: "auditlens_webhook_deliveries_total",
      help: "Audit webhook deliveries answered, by HTTP status: 200 stored, 400/401/413 refused, 429 queue full, 503 disabled or shutting down",
      labelNames: ["status"],
      registers: [registry],
    }),
    notifications: notificationsCounter(registry),
    httpDuration: new Histogram({
      name: "auditlens_http_request_duration_seconds",
      help: "Time an API route took to answer (until its response began), by route pattern, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers: [registry],
    }),
    scrapeGauges: false,
  };
}

// One set per process, kept on globalThis: Next.js may load this module more than once (dev reloads,
// separate bundles for routes and instrumentation), and a second registry would count apart.
export const metrics: Metrics = ((globalThis as { __auditlensMetrics?: Metrics }).__auditlensMetrics ??= create());

export function countWebhookDelivery(status: number): void {
  metrics.webhookDeliveries.inc({ status: String(status) });
}

export function countNotification(outcome: (typeof NOTIFICATION_OUTCOMES)[number]): void {
  metrics.notifications.inc({ outcome });
}

export function observeHttpRequest(route: string, method: string, status: number, seconds: number): void {
  metrics.httpDuration.observe({ route, method, status: String(status) }, seconds);
}
