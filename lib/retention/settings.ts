import { z } from "zod";
import type { RetentionSettings } from "./types";

const limit = (unit: string) =>
  z
    .string()
    .trim()
    .transform((s) => (s === "" ? null : Number(s)))
    .refine((n) => n === null || (Number.isFinite(n) && n > 0), `must be a positive number of ${unit}`);

const schema = z.object({
  AUDITLENS_RETENTION_DAYS: limit("days").optional(),
  AUDITLENS_RETENTION_MAX_GB: limit("GB (10^9 bytes)").optional(),
});

export class RetentionSettingsError extends Error {}

/**
 * The retention policy from the environment: keep requests for AUDITLENS_RETENTION_DAYS days, and keep
 * the store's data under AUDITLENS_RETENTION_MAX_GB. Unset or empty turns each off. An invalid value
 * throws, naming the variable: a deletion policy is not guessed at.
 */
export function retentionSettings(env: Record<string, string | undefined> = process.env): RetentionSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new RetentionSettingsError(`${name}=${JSON.stringify(env[name] ?? "")}: ${issue.message}`);
  }
  return { days: parsed.data.AUDITLENS_RETENTION_DAYS ?? null, maxGb: parsed.data.AUDITLENS_RETENTION_MAX_GB ?? null };
}

export const retentionEnabled = (s: RetentionSettings): boolean => s.days !== null || s.maxGb !== null;
