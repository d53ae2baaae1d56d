/** Blocks say how they are compressed (block-codec.ts): existing ones are deflate-raw, new ones brotli. */
export const migration0009 = {
  version: 9,
  name: "block_codec",
  sql: `ALTER TABLE blocks ADD COLUMN codec INTEGER NOT NULL DEFAULT 0;`,
};
