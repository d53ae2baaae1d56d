import "server-only";
import { log } from "@/lib/log/logger.mjs";
import { auditStore, type AuditStore } from "@/lib/store";
import type { ActivityRow } from "@/lib/store/rows";
import { whenUsersChange } from "./users-file";

export const ACTIVITY_ACTIONS = [
  "sign-in",
  "sign-in-failed",
  "sign-out",
  "export",
  "snapshot",
  "upload",
  "delete",
  "retention",
  "token-created",
  "token-deleted",
  "users-changed",
  "view-saved",
  "view-deleted",
  "findings-recomputed",
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export type ActivityEntry = { id: number; at: string; actor: string | null; action: string; target: string | null; detail: unknown; address: string | null };

/** Records what a person (or a script's token) did to or with the store: Auditlens audits itself. */
export function recordActivity(
  a: { actor: string | null; action: ActivityAction; target?: string | null; detail?: unknown; address?: string | null },
  store: AuditStore = auditStore(),
): Promise<void> {
  return store.access.insertActivity({
    at: Date.now(),
    actor: a.actor,
    action: a.action,
    target: a.target ?? null,
    detail: a.detail === undefined ? null : JSON.stringify(a.detail),
    address: a.address ?? null,
  });
}

// Users are edited in their file, not through Auditlens: a change is recorded when the file is read again.
// Reading the file does not wait for the record; a record that fails is logged, not thrown at the reader.
whenUsersChange((file, changes) => {
  recordActivity({ actor: null, action: "users-changed", target: file, detail: changes }).catch((err: unknown) =>
    log.error("could not record a change of the users file", { error: err instanceof Error ? err : String(err) }),
  );
});

const toEntry = (r: ActivityRow): ActivityEntry => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  actor: r.actor,
  action: r.action,
  target: r.target,
  detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
  address: r.address,
});

export async function activityPage(
  opts: { limit: number; before?: number; action?: string },
  store: AuditStore = auditStore(),
): Promise<{ items: ActivityEntry[]; next: number | null }> {
  const rows = await store.access.listActivity({ ...opts, limit: opts.limit + 1 });
  const items = rows.slice(0, opts.limit).map(toEntry);
  return { items, next: rows.length > opts.limit ? items[items.length - 1]!.id : null };
}
