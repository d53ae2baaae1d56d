/**
 * The salt redaction markers are made with (lib/audit/redact.ts): random, made once per store and kept,
 * so one value gives one marker in every run, and a marker cannot be checked against guesses without it.
 */
export const migration0020 = {
  version: 20,
  name: "redact_salt",
  sql: `INSERT OR IGNORE INTO store_settings (name, value) VALUES ('redact_salt', lower(hex(randomblob(32))));`,
};
