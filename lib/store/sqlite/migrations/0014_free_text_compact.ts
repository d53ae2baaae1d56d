import type { Db } from "../db";

/**
 * The per-request free-text index drops its per-column token counts (columnsize=0): only ranking reads
 * them, and Auditlens orders by time. That was a quarter of the index. Without them FTS5 cannot delete
 * a contentless row by rowid alone, so the writer deletes with the row's indexed values ('delete'), which
 * the requests row keeps. Names that are a segment of the URI are not indexed twice: fts_name below is
 * free-text.ts' indexedName as it was when this shipped (the writer deletes with what indexedName says,
 * so changing it needs a rebuild of its own). Rebuilt once: a few seconds per million requests.
 */
export const migration0014 = {
  version: 14,
  name: "free_text_compact",
  sql: `
DROP TABLE requests_fts;
CREATE VIRTUAL TABLE requests_fts USING fts5(
  uri, name, message,
  content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO requests_fts (rowid, uri, name, message) SELECT id, uri, fts_name(uri, name), message FROM requests;
`,
  functions: (db: Db) => {
    db.function("fts_name", { deterministic: true, directOnly: true }, (uri: unknown, name: unknown) => {
      if (typeof uri !== "string" || typeof name !== "string") return name;
      const query = uri.indexOf("?");
      return (query === -1 ? uri : uri.slice(0, query)).split("/").includes(name) ? null : name;
    });
  },
};
