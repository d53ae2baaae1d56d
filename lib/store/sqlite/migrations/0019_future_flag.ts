/**
 * Requests dated more than a day after Auditlens received them get flag bit 8 ("future"), so that "last
 * 24 h" counts back from the newest believable request. New rows are flagged at write time against the
 * clock; for rows already stored, the time each arrived is not kept apart, but it was before the last
 * run's last heartbeat: a request dated more than a day after that is surely from the future. (Rows
 * dated less far ahead stay unflagged.)
 */
export const migration0019 = {
  version: 19,
  name: "future_flag",
  sql: `
UPDATE requests SET flags = flags | 8
  WHERE ts > (SELECT max(heartbeat_at) FROM runs) + 86400000000;
`,
};
