import type { NotificationBody } from "./message";

export type DeliveryOptions = {
  url: URL;
  /** Tries in all, the first included. */
  tries: number;
  /** The wait before the second try; it doubles before each further one (1 s, 2 s, 4 s, 8 s). */
  backoffMs: number;
  /** How long one POST may take, answer included. */
  timeoutMs: number;
  fetch: typeof fetch;
};

/** How one notification ended: delivered, given up on, or cut off by shutdown before either. */
export type DeliveryResult = { outcome: "sent" } | { outcome: "failed"; tries: number; reason: string } | { outcome: "stopped" };

/** A Retry-After past this is not waited for: the next try comes at the backoff's time instead. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * 4xx says the receiver will refuse the same body again (a revoked Slack hook answers 404 or 410):
 * only "too many requests" and "timeout" are worth another try.
 */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

function retryAfterMs(response: Response): number | null {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : null;
}

/** Resolves after `ms`, or as soon as `stop` aborts; says whether the wait ran to its end. */
function pause(ms: number, stop: AbortSignal): Promise<boolean> {
  if (stop.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    stop.addEventListener("abort", onAbort, { once: true });
  });
}

/** What went wrong, without the URL (a Slack hook's path is its secret). */
function failureOf(err: unknown): string {
  if (err instanceof Error && err.name === "TimeoutError") return "timed out";
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === "string") return cause.code;
  return err instanceof Error ? err.name : "error";
}

/** POSTs one notification, retrying with exponential backoff; `stop` (shutdown's deadline) ends it early. */
export async function deliver(body: NotificationBody, opts: DeliveryOptions, stop: AbortSignal): Promise<DeliveryResult> {
  const payload = JSON.stringify(body);
  let reason = "";
  for (let attempt = 1; attempt <= opts.tries; attempt++) {
    if (stop.aborted) return { outcome: "stopped" };
    let wait = opts.backoffMs * 2 ** (attempt - 1);
    try {
      const response = await opts.fetch(opts.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "auditlens-notify" },
        body: payload,
        signal: AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), stop]),
      });
      // The body is not read beyond this: a receiver's answer says nothing more that is used.
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { outcome: "sent" };
      reason = `HTTP ${response.status}`;
      if (!retryable(response.status)) return { outcome: "failed", tries: attempt, reason };
      wait = Math.max(wait, retryAfterMs(response) ?? 0);
    } catch (err) {
      if (stop.aborted) return { outcome: "stopped" };
      reason = failureOf(err);
    }
    if (attempt < opts.tries && !(await pause(wait, stop))) return { outcome: "stopped" };
  }
  return { outcome: "failed", tries: opts.tries, reason };
}
