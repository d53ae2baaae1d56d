import "server-only";
import { log } from "@/lib/log/logger.mjs";
import { countNotification } from "@/lib/metrics/registry";
import { loadRuleSet } from "../rule-set";
import type { NotifiableFinding } from "./message";
import { Notifier, type NotificationOutcome } from "./notifier";
import { notifySettings } from "./settings";

/** undefined: not read yet; null: AUDITLENS_NOTIFY_URL unset. On globalThis: Next.js may load this module twice. */
type State = { notifier: Notifier | null | undefined };
const state: State = ((globalThis as { __auditlensNotifier?: State }).__auditlensNotifier ??= { notifier: undefined });

function ruleTitle(ruleId: string): string | null {
  return loadRuleSet().rules.find((r) => r.id === ruleId)?.title ?? null;
}

function onOutcome(outcome: NotificationOutcome, ruleId: string, detail: string | null): void {
  countNotification(outcome);
  // Ids and reasons only: the summary names users and addresses, and the URL is a secret.
  if (outcome !== "sent") log.warn(`finding notification ${outcome}`, { rule: ruleId, reason: detail ?? undefined });
}

function processNotifier(): Notifier | null {
  if (state.notifier === undefined) {
    const { url, publicUrl } = notifySettings();
    state.notifier = url ? new Notifier({ url, publicUrl, title: ruleTitle, onOutcome }) : null;
  }
  return state.notifier;
}

/** A live source's batch stored these new hits: the high and critical ones are sent (uploads and the CLI never call this). */
export function notifyFindings(findings: readonly NotifiableFinding[]): void {
  if (findings.length === 0) return;
  try {
    processNotifier()?.enqueue(findings);
  } catch (err) {
    // The batch is stored and committed: a notification problem must not turn its delivery into an error.
    log.error("finding notifications not queued", { error: err instanceof Error ? err.message : String(err), findings: findings.length });
  }
}

/**
 * At shutdown, after the live sources stored their last batch: sends what is waiting, for up to
 * `waitMs`. A later start (a test's) reads the settings again.
 */
export async function drainNotifications(waitMs: number): Promise<void> {
  const notifier = state.notifier;
  state.notifier = undefined;
  if (!notifier) return;
  const { unsent } = await notifier.drain(waitMs);
  if (unsent > 0) log.warn("finding notifications not sent before exit", { unsent, afterMs: waitMs });
}
