import { describe, expect, it } from "vitest";
import { MAX_RECORD_BYTES, splitLines, type Line, type SplitOptions } from "@/lib/ingest/lines";

async function lines(parts: (string | Buffer)[], max?: number | SplitOptions): Promise<Line[]> {
  async function* source(): AsyncGenerator<Buffer> {
    for (const part of parts) yield typeof part === "string" ? Buffer.from(part, "utf8") : part;
  }
  const out: Line[] = [];
  for await (const batch of splitLines(source(), max)) out.push(...batch);
  return out;
}

const texts = (ls: Line[]) => ls.map((l) => (l.oversize ? `#${l.no} oversize` : `#${l.no} ${l.text}`));

/** Every way of cutting `bytes` into two chunks. */
function splits(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

describe("splitLines", () => {
  it("exports the 32 MiB limit", () => {
    expect(MAX_RECORD_BYTES).toBe(32 * 1024 * 1024);
  });

  it("splits on LF with 1-based line numbers, keeping blank lines", async () => {
    expect(texts(await lines(["a\nb\n\nc\n"]))).toEqual(["#1 a", "#2 b", "#3 ", "#4 c"]);
  });

  it("strips the CR of CRLF line ends, but not a CR elsewhere", async () => {
    expect(texts(await lines(["a\r\nb\rc\r\n"]))).toEqual(["#1 a", "#2 b\rc"]);
    expect(texts(await lines(["a\r", "\nb\r\n"]))).toEqual(["#1 a", "#2 b"]);
  });

  it("emits a last line that has no line break", async () => {
    expect(texts(await lines(["a\nlast"]))).toEqual(["#1 a", "#2 last"]);
    expect(texts(await lines(["only"]))).toEqual(["#1 only"]);
  });

  it("emits nothing for empty input", async () => {
    expect(await lines([])).toEqual([]);
    expect(await lines([""])).toEqual([]);
  });

  it("removes a UTF-8 BOM from the first line only, even when split across chunks", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const input = Buffer.concat([bom, Buffer.from("a\n"), bom, Buffer.from("b\n")]);
    expect(texts(await lines([input]))).toEqual(["#1 a", "#2 \ufeffb"]);
    for (const parts of splits(input)) expect(texts(await lines(parts))).toEqual(["#1 a", "#2 \ufeffb"]);
    expect(texts(await lines([Buffer.concat([bom, Buffer.from("x")])]))).toEqual(["#1 x"]);
  });

  it("decodes multi-byte UTF-8 characters split across chunks at every position", async () => {
    const text = "é—€😀 naïve\n日本語\n";
    const bytes = Buffer.from(text, "utf8");
    for (const parts of splits(bytes)) expect(texts(await lines(parts))).toEqual(["#1 é—€😀 naïve", "#2 日本語"]);
    const oneByOne = [...bytes].map((b) => Buffer.from([b]));
    expect(texts(await lines(oneByOne))).toEqual(["#1 é—€😀 naïve", "#2 日本語"]);
  });

  it("gives the same lines whatever the chunking", async () => {
    const text = "first line\r\n\nthird 😀\nfourth";
    const expected = texts(await lines([text]));
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 5, 8, 13]) {
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
      expect(texts(await lines(parts))).toEqual(expected);
    }
  });

  it("reports a line longer than the limit by its number and carries on", async () => {
    const long = "x".repeat(50);
    expect(texts(await lines([`short\n${long}\nnext\n`], 20))).toEqual(["#1 short", "#2 oversize", "#3 next"]);
  });

  it("does not accumulate an oversize line spread over many chunks", async () => {
    const parts = ["ok\n", ...Array.from({ length: 10 }, () => "y".repeat(8)), "\nafter\n"];
    expect(texts(await lines(parts, 20))).toEqual(["#1 ok", "#2 oversize", "#3 after"]);
  });

  it("reports an oversize last line without a line break", async () => {
    expect(texts(await lines(["a\n", "z".repeat(30)], 20))).toEqual(["#1 a", "#2 oversize"]);
  });

  it("accepts a line of exactly the limit", async () => {
    expect(texts(await lines([`${"x".repeat(20)}\n`], 20))).toEqual([`#1 ${"x".repeat(20)}`]);
    expect(texts(await lines([`${"x".repeat(21)}\n`], 20))).toEqual(["#1 oversize"]);
  });

  it("splits a chunk bigger than the limit line by line", async () => {
    const input = `${"a".repeat(15)}\n${"b".repeat(15)}\n${"c".repeat(25)}\nd\n`;
    expect(texts(await lines([input], 20))).toEqual([`#1 ${"a".repeat(15)}`, `#2 ${"b".repeat(15)}`, "#3 oversize", "#4 d"]);
  });

  it("yields one array per chunk, not one per line", async () => {
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from("a\nb\nc\n");
      yield Buffer.from("d\ne\n");
    }
    const batches: number[] = [];
    for await (const batch of splitLines(source())) batches.push(batch.length);
    expect(batches).toEqual([3, 2]);
  });
});

describe("a line too long to parse whole", () => {
  const pieces = (ls: Line[]) => ls.map((l) => `#${l.no} ${l.oversize ? "oversize" : `${l.piece ?? "whole"} ${l.text}`}`);

  it("comes in pieces cut after commas outside strings, which join to the line", async () => {
    const long = '{"items":[{"a":"x,y\\",z"},{"b":[1,2,3]},{"c":"}"}],"n":1}';
    const out = await lines([`short\n${long}\r\nnext\n`], { maxLineBytes: 40, wholeLineBytes: 20 });
    expect(pieces(out)[0]).toBe("#1 whole short");
    expect(pieces(out).at(-1)).toBe("#3 whole next");
    const middle = out.slice(1, -1);
    expect(middle.map((l) => l.piece)).toEqual(["start", ...Array(middle.length - 2).fill("more"), "end"]);
    expect(middle.every((l) => l.no === 2)).toBe(true);
    expect(middle.map((l) => l.text).join("")).toBe(long);
    // Never inside a string: each piece but the last ends with a structural comma.
    for (const l of middle.slice(0, -1)) expect(l.text.endsWith(",")).toBe(true);
    expect(middle[0]!.text).toBe('{"items":[{"a":"x,y\\",z"},');
  });

  it("gives the same pieces whatever the chunking", async () => {
    const long = `[${Array.from({ length: 30 }, (_, i) => `{"i":${i},"s":"a,b"}`).join(",")}]`;
    const opts = { maxLineBytes: 200, wholeLineBytes: 50 };
    const expected = pieces(await lines([`${long}\nafter\n`], opts));
    const bytes = Buffer.from(`${long}\nafter\n`);
    for (const size of [1, 7, 64]) {
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
      expect(pieces(await lines(parts, opts)).join("").replaceAll(/#\d (start|more|end) /g, "")).toBe(expected.join("").replaceAll(/#\d (start|more|end) /g, ""));
    }
  });

  it("is oversize when no comma comes within the limit, and a line not starting like JSON is as before", async () => {
    expect(pieces(await lines([`{"s":"${"x".repeat(100)}"}\nok\n`], { maxLineBytes: 40, wholeLineBytes: 20 }))).toEqual(["#1 oversize", "#2 whole ok"]);
    expect(pieces(await lines([`${"x".repeat(30)}\n`], { maxLineBytes: 40, wholeLineBytes: 20 }))).toEqual([`#1 whole ${"x".repeat(30)}`]);
  });
});
