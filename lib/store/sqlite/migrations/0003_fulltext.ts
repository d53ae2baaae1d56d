/**
 * Free text in the query language: FTS5 over request URI, object name, response message and user agent.
 * Contentless (the texts already live in requests and strings), with contentless_delete so the writer can
 * replace a row when a later stage changes the request's descriptive columns. unicode61 folds case and
 * diacritics; words are prefix-matched at query time.
 */
export const migration0003 = {
  version: 3,
  name: "fulltext",
  sql: `
CREATE VIRTUAL TABLE requests_fts USING fts5(
  uri, name, message, user_agent,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO requests_fts (rowid, uri, name, message, user_agent)
  SELECT r.id, r.uri, r.name, r.message, s.value FROM requests r LEFT JOIN strings s ON s.id = r.user_agent_id;
`,
};
