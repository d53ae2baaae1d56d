import "server-only";
import { timingSafeEqual, hash } from "node:crypto";
import { z } from "zod";
import type { RunSummary } from "@/lib/query/types";
import type { Db } from "@/lib/store/db";
import { liveRun } from "./live-run";
import { parseAuditStream } from "./parse";
import type { ParsedItem } from "./types";
import { BodyTooLarge, readBody } from "@/lib/http/read-body";

const MiB = 1024 * 1024;

export const webhookConfigSchema = z.object({
  // Trimmed: a token read from a file usually ends with a newline the API server will not send.
  AUDITLENS_WEBHOOK_TOKEN: z.string().trim().min(1).optional().catch(undefined),
  /** Largest body accepted; the API server's default batch (400 events) is far below it. */
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
  | { status: 400 | 401 | 413 | 429 | 503; error: string; retryAfter?: number };

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

export function webhookStatus(config: WebhookConfig = webhookConfig()): WebhookStatus {
  const { inFlight, delivered, refused, lastDeliveryAt, lastRefusal } = admission;
  return { enabled: !!config.AUDITLENS_WEBHOOK_TOKEN, inFlight, delivered, refused, lastDeliveryAt, lastRefusal };
}

async function parseAll(bytes: Buffer): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  const source = (async function* () {
    yield bytes;
  })();
  for await (const batch of parseAuditStream(source)) items.push(...batch);
  return items;
}

/**
 * The audit webhook backend's receiver: an EventList (or a single Event) per POST, authenticated with a
 * bearer token. The body is read whole (it is bounded) and checked before anything is stored, so a
 * malformed body stores nothing; the API server retries failed POSTs, and dedup absorbs the repeats.
 */
export async function receiveWebhook(
  db: Db,
  req: { authorization: string | null; contentLength: number | null; body: AsyncIterable<Uint8Array> | null },
  cluster: string,
  config: WebhookConfig = webhookConfig(),
): Promise<WebhookOutcome> {
  const outcome = await receive(db, req, cluster, config);
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
  db: Db,
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
  if (req.contentLength !== null && req.contentLength > limit) {
    return { status: 413, error: `body of ${req.contentLength} bytes exceeds the ${limit}-byte limit` };
  }
  if (!req.body) return { status: 400, error: "empty body: expected an audit EventList or Event" };
  if (admission.inFlight >= config.AUDITLENS_WEBHOOK_QUEUE) {
    return { status: 429, error: "too many deliveries in progress; retry later", retryAfter: 2 };
  }
  admission.inFlight++;
  try {
    let bytes: Buffer;
    try {
      bytes = await readBody(req.body, limit);
    } catch (err) {
      if (err instanceof BodyTooLarge) return { status: 413, error: `body exceeds the ${limit}-byte limit` };
      throw err;
    }
    const items = await parseAll(bytes);
    const events = items.filter((i) => i.kind === "event").length;
    const broken = items.find((i) => i.kind === "invalid" && /^not JSON|exceeds/.test(i.reason));
    if (broken && broken.kind === "invalid") return { status: 400, error: `malformed body: ${broken.reason}` };
    if (events === 0) {
      const first = items.find((i) => i.kind === "invalid");
      return { status: 400, error: first && first.kind === "invalid" ? first.reason : "the body holds no audit events" };
    }
    return { status: 200, summary: liveRun(db, "webhook", cluster, null).deliver(items, bytes.length) };
  } finally {
    admission.inFlight--;
  }
}
