import "server-only";
import { shortId } from "@/lib/views/short-id";
import { viewPath, type SavedView } from "@/lib/views/types";
import type { Db } from "./db";

type ViewRow = { id: string; name: string; url: string; created_at: number };

const toView = (r: ViewRow): SavedView => ({
  id: r.id,
  name: r.name,
  url: r.url,
  path: viewPath(r.id),
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Stores a view under a fresh random id. A collision is astronomically rare but would silently overwrite
 * someone's link, so the insert is conditional and a taken id draws again.
 */
export function insertViewIn(db: Db, view: { name: string; url: string }, newId: () => string = shortId): SavedView {
  const insert = db.prepare<[string, string, string, number]>(
    "INSERT INTO views (id, name, url, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
  );
  const now = Date.now();
  for (let attempt = 0; attempt < 8; attempt++) {
    const id = newId();
    if (insert.run(id, view.name, view.url, now).changes === 1) return toView({ id, ...view, created_at: now });
  }
  throw new Error("could not draw a free view id");
}

/** Newest first. */
export function listViewsFrom(db: Db, limit = 200): SavedView[] {
  return db
    .prepare<[number], ViewRow>("SELECT id, name, url, created_at FROM views ORDER BY created_at DESC, id LIMIT ?")
    .all(limit)
    .map(toView);
}

export function getViewFrom(db: Db, id: string): SavedView | null {
  const row = db.prepare<[string], ViewRow>("SELECT id, name, url, created_at FROM views WHERE id = ?").get(id);
  return row ? toView(row) : null;
}

export function deleteViewFrom(db: Db, id: string): boolean {
  return db.prepare<[string]>("DELETE FROM views WHERE id = ?").run(id).changes === 1;
}
