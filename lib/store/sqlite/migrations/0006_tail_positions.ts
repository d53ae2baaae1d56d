/**
 * Where each tailed file was read up to, so a restart resumes without loss or duplicates. A file is
 * known by device + inode (a rename keeps them) and by a digest of its first bytes (inodes get reused).
 */
export const migration0006 = {
  version: 6,
  name: "tail_positions",
  sql: `
CREATE TABLE tail_positions (
  path TEXT PRIMARY KEY,
  dev INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  head TEXT NOT NULL,
  byte_offset INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
};
