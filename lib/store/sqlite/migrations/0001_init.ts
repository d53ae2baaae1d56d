/**
 * The first schema. Repeated strings (users, verbs, resources, user agents, …) live once in `strings`
 * and requests point at them by integer, which keeps the hot table narrow. Original stage events are
 * kept verbatim but compressed in ~64 KiB blocks: per-event compression of ~1 KB JSON saves little,
 * blocks save most, and one block still inflates in well under a millisecond.
 */
export const migration0001 = {
  version: 1,
  name: "init",
  sql: `
CREATE TABLE strings (
  id INTEGER PRIMARY KEY,
  value TEXT NOT NULL UNIQUE
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  filename TEXT,
  cluster TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  heartbeat_at INTEGER NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  invalid INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  errors TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'running',
  failure TEXT
);

CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  audit_key INTEGER NOT NULL,
  audit_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  end_ts INTEGER NOT NULL,
  latency_us INTEGER,
  stages INTEGER NOT NULL,
  best_stage INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  flags INTEGER NOT NULL DEFAULT 0,
  level INTEGER NOT NULL,
  verb_id INTEGER NOT NULL,
  user_id INTEGER,
  groups_id INTEGER,
  imp_user_id INTEGER,
  source_ip_id INTEGER,
  user_agent_id INTEGER,
  api_group_id INTEGER,
  api_version_id INTEGER,
  resource_id INTEGER,
  subresource_id INTEGER,
  namespace_id INTEGER,
  name TEXT,
  uri TEXT NOT NULL,
  code INTEGER,
  decision INTEGER,
  reason_id INTEGER,
  message TEXT
);
-- audit_key is a 48-bit hash of auditID: a narrow index; collisions are resolved by comparing audit_id.
CREATE INDEX requests_by_key ON requests(audit_key);
CREATE INDEX requests_by_time ON requests(ts, id);

CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  data BLOB NOT NULL
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL,
  stage INTEGER NOT NULL,
  stage_ts INTEGER NOT NULL,
  hash INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  block_id INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  byte_length INTEGER NOT NULL,
  flags INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_by_request ON events(request_id, stage);
`,
};
