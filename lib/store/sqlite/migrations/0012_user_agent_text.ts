/**
 * Free text in user agents moves out of the per-request index into one row per distinct agent. A
 * cluster has a few dozen agents, each repeated on millions of requests: indexing them once, and finding
 * their requests through their combinations (requests_by_combo), takes ~40% of the free-text index's size
 * and of its share of ingest. The per-request index is rebuilt without the column, which on a large store
 * takes a few seconds per million requests, once.
 */
export const migration0012 = {
  version: 12,
  name: "user_agent_text",
  sql: `
CREATE VIRTUAL TABLE user_agent_fts USING fts5(user_agent, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO user_agent_fts (rowid, user_agent)
  SELECT s.id, s.value FROM strings s WHERE s.id IN (SELECT user_agent_id FROM request_combos);
DROP TABLE requests_fts;
CREATE VIRTUAL TABLE requests_fts USING fts5(
  uri, name, message,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO requests_fts (rowid, uri, name, message) SELECT id, uri, name, message FROM requests;
`,
};
