import "server-only";
import { timingSafeEqual, hash } from "node:crypto";
import { z } from "zod";
import type { RunSummary } from "@/lib/store/types";
import type { IngestTarget } from "@/lib/store/ingest-target";
import { countWebhookDelivery } from "@/lib/metrics/registry";
import { draining } from "@/lib/ops/draining";
import { liveRun } from "./live-run";
import { parseAuditStream, TextTooLarge } from "./parse";
import { BodyTooLarge } from "@/lib/http/read-body";

const MiB = 1024 * 1024;

export const webhookConfigSchema = z.object({
  // Trimmed: a token read from a file usually ends with a newline the API server will not send.
  AUDITLENS_WEBHOOK_TOKEN: z.string().trim().min(1).optional().catch(undefined),
  /** Largest body accepted, counted once decompressed; the API server's default batch (400 events) is far below it. */
  AUDITLENS_WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).default(32 * MiB).catch(32 * MiB),
  /** Bodies being read or stored at once; more are refused with 429 so memory stays bounded. */
  AUDITLENS_WEBHOOK_QUEUE: z.coerce.number().int().min(1).max(1000).default(8).catch(8),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export function webhookConfig(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  return webhookConfigSchema.parse(env);
}

export type WebhookOutcome =
  | { status: 200; summary: RunSummary }
  /** `summary`: what a delivery that broke off stored before the break. */
  | { status: 400 | 401 | 413 | 429 | 503; error: string; retryAfter?: number; summary?: RunSummary };

/** Constant-time comparison of the bearer token, on digests so that lengths do not leak either. */
export function tokenMatches(header: string | null, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!m) return false;
  return timingSafeEqual(hash("sha256", m[1]!.trim(), "buffer"), hash("sha256", token, "buffer"));
}

type Admission = {
  inFlight: number;
  delivered: number;
  refused: number;
  lastDeliveryAt: string | null;
  lastRefusal: string | null;
};
const admission: Admission = ((globalThis as { __auditlensWebhookAdmission?: Admission }).__auditlensWebhookAdmission ??= {
  inFlight: 0,
  delivered: 0,
  refused: 0,
  lastDeliveryAt: null,
  lastRefusal: null,
});

export type WebhookStatus = { enabled: boolean; inFlight: number; delivered: number; refused: number; lastDeliveryAt: string | null; lastRefusal: string | null };

/** Resolves true once no delivery is being read or stored, false if some still are after `waitMs`. */
export async function webhookIdle(waitMs: number): Promise<boolean> {
  const until = Date.now() + waitMs;
  while (admission.inFlight > 0) {
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

export function webhookStatus(config: WebhookConfig = webhookConfig()): WebhookStatus {
  const { inFlight, delivered, refused, lastDeliveryAt, lastRefusal } = admission;
  return { enabled: !!config.AUDITLENS_WEBHOOK_TOKEN, inFlight, delivered, refused, lastDeliveryAt, lastRefusal };
}

/** Events per transaction of one delivery: the API server's batches (400 events by default) take one. */
const DELIVERY_BATCH_EVENTS = 5000;
/**
 * A one-line body (an EventList) up to this size is parsed whole; a longer one item by item, so a
 * delivery near the limit never holds its whole parsed list (~6× its text) at once.
 */
const WHOLE_BODY_BYTES = 1 * MiB;

/** The body's bytes as they arrive, counted, and refused past `limit` (a gzip body must stay under it too). */
async function* limitedBody(body: AsyncIterable<Uint8Array>, limit: number, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    counter.bytes += chunk.length;
    if (counter.bytes > limit) throw new BodyTooLarge(limit);
    yield chunk;
  }
}

const tooLarge = (limit: number) => `body exceeds the ${limit}-byte limit (AUDITLENS_WEBHOOK_MAX_BYTES, counted once decompressed)`;

/**
 * The audit webhook backend's receiver: an EventList (or a single Event) per POST, authenticated with a
 * bearer token. The body goes through the same pipeline as an upload, as it arrives: decompressed,
 * split, parsed item by item and stored in batches, so its size once decompressed is what the limit
 * counts, and memory stays bounded whatever it holds. A body that breaks off (malformed JSON, truncated
 * gzip, over the limit) keeps what was read before the break and is answered 400 or 413; the API
 * server's retry of the same batch is absorbed by dedup.
 */
export async function receiveWebhook(
  target: IngestTarget,
  req: { authorization: string | null; contentLength: number | null; body: AsyncIterable<Uint8Array> | null },
  cluster: string,
  config: WebhookConfig = webhookConfig(),
): Promise<WebhookOutcome> {
  const outcome = await receive(target, req, cluster, config);
  countWebhookDelivery(outcome.status);
  if (outcome.status === 200) {
    admission.delivered++;
    admission.lastDeliveryAt = new Date().toISOString();
  } else if (outcome.status !== 503) {
    admission.refused++;
    admission.lastRefusal = `${new Date().toISOString()} ${outcome.status}: ${outcome.error}`;
  }
  return outcome;
}

async function receive(
  target: IngestTarget,
  req: { authorization: string | null; contentLength: number | null; body: AsyncIterable<Uint8Array> | null },
  cluster: string,
  config: WebhookConfig = webhookConfig(),
): Promise<WebhookOutcome> {
  const token = config.AUDITLENS_WEBHOOK_TOKEN;
  if (!token) {
    return { status: 503, error: "the audit webhook is disabled: set AUDITLENS_WEBHOOK_TOKEN to enable it" };
  }
  if (!tokenMatches(req.authorization, token)) return { status: 401, error: "missing or wrong bearer token" };
  const limit = config.AUDITLENS_WEBHOOK_MAX_BYTES;
  if (req.contentLength !== null && req.contentLength > limit) return { status: 413, error: tooLarge(limit) };
  if (!req.body) return { status: 400, error: "empty body: expected an audit EventList or Event" };
  // Shutting down: the API server retries the batch, by then on the next Auditlens.
  if (draining()) return { status: 503, error: "Auditlens is shutting down; retry shortly", retryAfter: 5 };
  if (admission.inFlight >= config.AUDITLENS_WEBHOOK_QUEUE) {
    return { status: 429, error: "too many deliveries in progress; retry later", retryAfter: 2 };
  }
  admission.inFlight++;
  try {
    const raw = { bytes: 0 };
    const batches = parseAuditStream(limitedBody(req.body, limit, raw), { maxTextBytes: limit, wholeLineBytes: WHOLE_BODY_BYTES });
    const { summary, error } = await liveRun(target, "webhook", cluster, null).deliverStream(batches, () => raw.bytes, DELIVERY_BATCH_EVENTS);
    if (error instanceof BodyTooLarge || error instanceof TextTooLarge) return { status: 413, error: tooLarge(limit), summary };
    if (error) return { status: 400, error: `malformed body: ${error instanceof Error ? error.message : String(error)}`, summary };
    const broken = summary.errors.find((e) => /^not JSON|exceeds/.test(e.reason));
    if (broken) return { status: 400, error: `malformed body: ${broken.reason}`, summary };
    if (summary.events === 0) {
      const first = summary.errors[0];
      return { status: 400, error: first ? first.reason : "the body holds no audit events", summary };
    }
    return { status: 200, summary };
  } finally {
    admission.inFlight--;
  }
}
