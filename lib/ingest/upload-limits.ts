import "server-only";
import { z } from "zod";

const count = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`)
    .max(10_000, `${name} must be at most 10000`)
    .default(fallback);

/**
 * Limits on HTTP uploads. Each upload of unknown or large size holds two threads and ~25 MB while it
 * runs, whether or not its client is sending: 40 uploads that sent one event and stalled held 80
 * threads and ~1 GB. An invalid value is an error naming the variable, not a silent default.
 */
export const uploadLimitsSchema = z.object({
  /** Uploads being ingested at once, over all users. */
  AUDITLENS_UPLOADS_MAX: count("AUDITLENS_UPLOADS_MAX", 4),
  /** Uploads being ingested at once for one user. */
  AUDITLENS_UPLOADS_PER_USER: count("AUDITLENS_UPLOADS_PER_USER", 2),
  /** Seconds an upload may send nothing before it is ended; what arrived before is kept. */
  AUDITLENS_UPLOAD_IDLE_SECONDS: count("AUDITLENS_UPLOAD_IDLE_SECONDS", 60),
});
export type UploadLimits = z.infer<typeof uploadLimitsSchema>;

/** The limits from the environment; throws an Error naming each invalid variable. */
export function uploadLimits(env: Record<string, string | undefined> = process.env): UploadLimits {
  const parsed = uploadLimitsSchema.safeParse({
    AUDITLENS_UPLOADS_MAX: env.AUDITLENS_UPLOADS_MAX || undefined,
    AUDITLENS_UPLOADS_PER_USER: env.AUDITLENS_UPLOADS_PER_USER || undefined,
    AUDITLENS_UPLOAD_IDLE_SECONDS: env.AUDITLENS_UPLOAD_IDLE_SECONDS || undefined,
  });
  if (!parsed.success) throw new Error(`invalid upload limits: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

/** Seconds a refused upload is told to wait (Retry-After). */
export const UPLOAD_RETRY_AFTER_SECONDS = 10;

/** Refused: too many uploads in progress, overall or for this user. */
export class UploadRefused extends Error {
  readonly retryAfter = UPLOAD_RETRY_AFTER_SECONDS;
}

type Admission = { total: number; byOwner: Map<string, number> };
// Per process, and kept on globalThis because Next.js dev reloads modules.
const admission: Admission = ((globalThis as { __auditlensUploadAdmission?: Admission }).__auditlensUploadAdmission ??= {
  total: 0,
  byOwner: new Map(),
});

/**
 * Counts one more upload for `owner`, or throws UploadRefused when a limit is reached. Returns the
 * release, which the caller must call once when the upload ends, however it ends.
 */
export function admitUpload(owner: string, limits: UploadLimits): () => void {
  const mine = admission.byOwner.get(owner) ?? 0;
  if (mine >= limits.AUDITLENS_UPLOADS_PER_USER) {
    throw new UploadRefused(`${mine} uploads of yours are in progress, the most allowed (AUDITLENS_UPLOADS_PER_USER); retry when one ends`);
  }
  if (admission.total >= limits.AUDITLENS_UPLOADS_MAX) {
    throw new UploadRefused(`${admission.total} uploads are in progress, the most allowed (AUDITLENS_UPLOADS_MAX); retry later`);
  }
  admission.total++;
  admission.byOwner.set(owner, mine + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    admission.total--;
    const left = (admission.byOwner.get(owner) ?? 1) - 1;
    if (left > 0) admission.byOwner.set(owner, left);
    else admission.byOwner.delete(owner);
  };
}

/** An upload sent nothing for AUDITLENS_UPLOAD_IDLE_SECONDS and was ended. */
export class UploadIdle extends Error {}

/**
 * `source`, ended with UploadIdle when no chunk arrives for `seconds`: its reader (and the socket
 * under it) is closed, so a stalled client holds neither threads nor memory past that.
 */
export async function* endWhenIdle(source: AsyncIterable<Uint8Array>, seconds: number): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<"idle">((resolve) => {
        timer = setTimeout(resolve, seconds * 1000, "idle");
      });
      const pending = it.next();
      // Left unsettled when the upload is ended idle; its later failure is no one's to report.
      pending.catch(() => {});
      const next = await Promise.race([pending, idle]).finally(() => clearTimeout(timer));
      if (next === "idle") {
        throw new UploadIdle(`the upload sent nothing for ${seconds} s and was ended (AUDITLENS_UPLOAD_IDLE_SECONDS); what arrived before is stored`);
      }
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Stopped early, failed or idle: let the source close its socket. A read still pending on a
    // stalled socket must not hold this up.
    if (!done) void Promise.resolve(it.return?.()).catch(() => {});
  }
}
