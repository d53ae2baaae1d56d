import { log, logFormat } from "@/lib/log/logger.mjs";
import { z } from "zod";
import { notifySettings } from "@/lib/findings/notify/settings";

const flag = z.enum(["0", "1"], { error: 'must be "1" or "0"' });

export const opsConfigSchema = z.object({
  /** "1": GET /metrics answers without sign-in (a Prometheus on a trusted network with no token to send). */
  AUDITLENS_METRICS_PUBLIC: flag.optional(),
});

/** Thrown at start with the variable's name, rather than guessing what an unknown value meant. */
export class OpsConfigError extends Error {}

export function opsConfig(env: Record<string, string | undefined> = process.env): { metricsPublic: boolean } {
  const parsed = opsConfigSchema.safeParse({ AUDITLENS_METRICS_PUBLIC: env.AUDITLENS_METRICS_PUBLIC || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OpsConfigError(`${issue.path.join(".")} ${issue.message}, not ${JSON.stringify(env[String(issue.path[0])])}`);
  }
  return { metricsPublic: parsed.data.AUDITLENS_METRICS_PUBLIC === "1" };
}

/** At start (instrumentation.ts): a value that cannot be used stops the server, naming it. */
export function checkOpsConfiguration(): void {
  try {
    opsConfig();
    logFormat();
    notifySettings();
  } catch (e) {
    log.error((e as Error).message);
    process.exit(1);
  }
}
