import type { Severity } from "../rule";
import { deliver, type DeliveryResult } from "./delivery";
import { addToGroup, mergeGroups, newGroup, notificationBody, type FindingGroup, type NotifiableFinding, type NotificationBody } from "./message";

/** Severities worth waking someone for; the rest are on the Findings page. */
export const NOTIFY_SEVERITIES: ReadonlySet<Severity> = new Set(["high", "critical"]);

export type NotificationOutcome = "sent" | "failed" | "dropped";

export type NotifierOptions = {
  url: URL;
  publicUrl: URL | null;
  /** The rule's title from the rule set in force; null for a rule no longer in it (its id is shown). */
  title: (ruleId: string) => string | null;
  /** At most one notification per rule per this long; hits in between wait and go together. */
  coalesceMs?: number;
  /** Notifications waiting to be sent; past it the oldest is dropped. */
  capacity?: number;
  tries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  /** Each notification's end (the metrics count them). */
  onOutcome?: (outcome: NotificationOutcome, ruleId: string, detail: string | null) => void;
  fetch?: typeof fetch;
  now?: () => number;
};

type Queued = { ruleId: string; body: NotificationBody };
type RuleState = { lastEmittedAt: number; pending: FindingGroup | null; timer: NodeJS.Timeout | null };

/**
 * Sends new high and critical hits to AUDITLENS_NOTIFY_URL. Per rule, the first hit goes out at once and
 * later ones are held until a minute has passed since, then sent as one notification ("12 new requests
 * from … to …"), so a burst makes one message per rule per minute, not one per request. Notifications
 * wait in a bounded queue and are sent one at a time, in order, each retried with backoff: a receiver that
 * is down costs memory for at most `capacity` of them, the oldest dropped first.
 */
export class Notifier {
  private readonly rules = new Map<string, RuleState>();
  private readonly queue: Queued[] = [];
  private sending: Promise<void> | null = null;
  /** Aborted when shutdown's time is up: the POST and backoff under way end, and nothing more is sent. */
  private readonly stop = new AbortController();
  private readonly opts: Required<Omit<NotifierOptions, "publicUrl" | "onOutcome">> & Pick<NotifierOptions, "publicUrl" | "onOutcome">;

  constructor(options: NotifierOptions) {
    this.opts = {
      coalesceMs: 60_000,
      capacity: 100,
      tries: 5,
      backoffMs: 1000,
      timeoutMs: 10_000,
      fetch: globalThis.fetch,
      now: Date.now,
      ...options,
    };
  }

  /** Takes a batch's new hits; those of low and medium rules are ignored. */
  enqueue(findings: readonly NotifiableFinding[]): void {
    if (this.stop.signal.aborted) return;
    const groups = new Map<string, FindingGroup>();
    for (const f of findings) {
      if (!NOTIFY_SEVERITIES.has(f.severity)) continue;
      const g = groups.get(f.ruleId);
      if (g) addToGroup(g, f);
      else groups.set(f.ruleId, newGroup(f));
    }
    for (const g of groups.values()) this.coalesce(g);
  }

  /**
   * At shutdown: sends what coalescing still holds and what is queued, for up to `waitMs`; what is left
   * then is dropped (and counted). Resolves with how many were left unsent.
   */
  async drain(waitMs: number): Promise<{ unsent: number }> {
    for (const [ruleId, state] of this.rules) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      this.emit(ruleId, state);
    }
    const cut = setTimeout(() => this.stop.abort(), waitMs);
    try {
      while (this.sending) await this.sending;
    } finally {
      clearTimeout(cut);
      this.stop.abort();
    }
    const unsent = this.queue.length;
    for (const q of this.queue.splice(0)) this.opts.onOutcome?.("dropped", q.ruleId, "shutting down");
    return { unsent };
  }

  private coalesce(g: FindingGroup): void {
    const now = this.opts.now();
    let state = this.rules.get(g.ruleId);
    if (!state) {
      state = { lastEmittedAt: -Infinity, pending: null, timer: null };
      this.rules.set(g.ruleId, state);
    }
    if (state.pending) {
      mergeGroups(state.pending, g);
      return;
    }
    state.pending = g;
    const due = state.lastEmittedAt + this.opts.coalesceMs;
    if (now >= due) {
      this.emit(g.ruleId, state);
      return;
    }
    const rule = state;
    state.timer = setTimeout(() => {
      rule.timer = null;
      this.emit(g.ruleId, rule);
    }, due - now);
    state.timer.unref();
  }

  private emit(ruleId: string, state: RuleState): void {
    const g = state.pending;
    if (!g) return;
    state.pending = null;
    state.lastEmittedAt = this.opts.now();
    this.queue.push({ ruleId, body: notificationBody(g, this.opts.title(ruleId) ?? ruleId, this.opts.publicUrl) });
    while (this.queue.length > this.opts.capacity) {
      const dropped = this.queue.shift()!;
      this.opts.onOutcome?.("dropped", dropped.ruleId, "queue full");
    }
    this.sending ??= this.sendAll().finally(() => {
      this.sending = null;
    });
  }

  private async sendAll(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const result: DeliveryResult = await deliver(next.body, this.opts, this.stop.signal);
      if (result.outcome === "stopped") {
        this.queue.unshift(next);
        return;
      }
      this.opts.onOutcome?.(result.outcome, next.ruleId, result.outcome === "failed" ? `${result.reason} after ${result.tries} ${result.tries === 1 ? "try" : "tries"}` : null);
    }
  }
}
