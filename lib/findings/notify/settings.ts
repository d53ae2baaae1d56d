import { z } from "zod";

const optional = z.string().trim().optional().transform((v) => (v ? v : undefined));

const notifyEnvSchema = z.object({
  AUDITLENS_NOTIFY_URL: optional.pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional()),
});

/** Where notifications go, and the base their links are made absolute with (null: relative links). */
export type NotifySettings = { url: URL | null; publicUrl: URL | null };

/** Thrown at start, naming the variable, rather than dropping every notification later. */
export class NotifyConfigError extends Error {}

/**
 * AUDITLENS_NOTIFY_URL, validated; AUDITLENS_PUBLIC_URL is validated with the sign-in settings at start
 * (lib/auth/config.ts), so an unusable one here only leaves links relative.
 */
export function notifySettings(env: Record<string, string | undefined> = process.env): NotifySettings {
  const parsed = notifyEnvSchema.safeParse({ AUDITLENS_NOTIFY_URL: env.AUDITLENS_NOTIFY_URL });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The value itself is not repeated: a Slack webhook URL is a secret.
    throw new NotifyConfigError(`AUDITLENS_NOTIFY_URL ${issue.message}`);
  }
  const url = parsed.data.AUDITLENS_NOTIFY_URL;
  const publicUrl = z.url({ protocol: /^https?$/ }).safeParse(env.AUDITLENS_PUBLIC_URL?.trim());
  return { url: url ? new URL(url) : null, publicUrl: publicUrl.success ? new URL(publicUrl.data) : null };
}
