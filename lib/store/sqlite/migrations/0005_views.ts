/**
 * Saved views: a name and the canonical app-relative URL it opens. The id is the short link's random
 * 8-character slug, so it is the primary key rather than an integer a visitor could enumerate.
 */
export const migration0005 = {
  version: 5,
  name: "views",
  sql: `
CREATE TABLE views (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX views_by_created ON views(created_at);
`,
};
