import "server-only";
import { z } from "zod";
import type { Redaction } from "@/lib/ingest/normalize";
import type { Db } from "./db";

const redactEnvSchema = z.object({ AUDITLENS_REDACT: z.enum(["on", "off"]).default("on") });

/**
 * How this deployment stores credentials found in events: redacted under the store's salt (the default),
 * or as received when AUDITLENS_REDACT=off. Any other value is refused, not read as either: a typo must
 * not decide whether secrets are stored.
 */
export function redactionOf(db: Db, env: NodeJS.ProcessEnv = process.env): Redaction {
  const parsed = redactEnvSchema.safeParse({ AUDITLENS_REDACT: env.AUDITLENS_REDACT || undefined });
  if (!parsed.success) throw new Error(`AUDITLENS_REDACT must be "on" or "off", not ${JSON.stringify(env.AUDITLENS_REDACT)}`);
  if (parsed.data.AUDITLENS_REDACT === "off") return null;
  return { salt: redactSaltOf(db) };
}

/** The store's salt, made once by migration 0020 and kept: markers of one value stay equal across runs. */
export function redactSaltOf(db: Db): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM store_settings WHERE name = 'redact_salt'").get();
  if (!row) throw new Error(`${db.name} has no redaction salt (store_settings.redact_salt)`);
  return row.value;
}
