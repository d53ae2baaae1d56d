import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseAuditStream } from "@/lib/ingest/parse";
import type { ParsedItem } from "@/lib/ingest/types";
import { chunked, event, line, summarize } from "./helpers";

const ids = (items: ParsedItem[]) => items.map((i) => (i.kind === "event" ? i.event.auditID : `!${i.line}`));

describe("parseAuditStream batches", () => {
  it("yields batches of at most 1000 items, in input order", async () => {
    const text = Array.from({ length: 2500 }, (_, i) => line(event(`e${i}`))).join("\n");
    const sizes: number[] = [];
    const all: ParsedItem[] = [];
    for await (const batch of parseAuditStream(chunked(text, 4096))) {
      sizes.push(batch.length);
      all.push(...batch);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.every((n) => n > 0)).toBe(true);
    expect(all.map((i) => i.line)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(ids(all).slice(0, 3)).toEqual(["e0", "e1", "e2"]);
  });

  it("honours a smaller batch size", async () => {
    const text = Array.from({ length: 25 }, (_, i) => line(event(`e${i}`))).join("\n");
    const sizes: number[] = [];
    for await (const batch of parseAuditStream(chunked(text), { batchSize: 10 })) sizes.push(batch.length);
    expect(sizes).toEqual([10, 10, 5]);
  });

  it("yields nothing for empty input", async () => {
    const batches: ParsedItem[][] = [];
    for await (const batch of parseAuditStream(chunked(""))) batches.push(batch);
    expect(batches).toEqual([]);
  });
});

describe("streaming", () => {
  it("emits the elements of an open top-level array before the input ends", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`{"kind":"EventList","items":[\n${line(event("s-1"))},\n${JSON.stringify(event("s-2"), null, 2)},\n`);
      await gate; // like a 500 MB upload still in flight
      yield Buffer.from(`${line(event("s-3"))}\n]}\n`);
    }
    const it = parseAuditStream(source())[Symbol.asyncIterator]();
    const timeout = new Promise<"held back">((resolve) => setTimeout(resolve, 2000, "held back"));
    const first = await Promise.race([it.next(), timeout]);
    expect(first).not.toBe("held back");
    expect(first !== "held back" && !first.done && ids(first.value)).toEqual(["s-1", "s-2"]);
    release();
    const rest: ParsedItem[] = [];
    for (let next = await it.next(); !next.done; next = await it.next()) rest.push(...next.value);
    expect(summarize(rest)).toEqual([["event", 39, "s-3"]]);
  });

  it("does not apply the size limit to a streamed array as a whole", async () => {
    const elements = Array.from({ length: 200 }, (_, i) => JSON.stringify(event(`big-${i}`), null, 2));
    const text = `[\n${elements.join(",\n")}\n]\n`;
    expect(text.length).toBeGreaterThan(150_000);
    const items: ParsedItem[] = [];
    for await (const batch of parseAuditStream(chunked(text, 1000), { maxRecordBytes: 2048 })) items.push(...batch);
    expect(items.filter((i) => i.kind === "invalid")).toEqual([]);
    expect(items).toHaveLength(200);
  });

  it("yields what was parsed before a corrupt gzip stream, then throws", async () => {
    const text = Array.from({ length: 3000 }, (_, i) => line(event(`g${i}`))).join("\n");
    const gz = gzipSync(text);
    const broken = Buffer.concat([gz.subarray(0, gz.length - 8), Buffer.from([0, 1, 2, 3, 4, 5, 6, 7])]);
    const items: ParsedItem[] = [];
    let error: unknown;
    try {
      for await (const batch of parseAuditStream(chunked(broken, 512))) items.push(...batch);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^corrupt gzip data: /);
    // zlib drops its last, unverified output block on the error; everything before it arrives.
    expect(items.length).toBeGreaterThan(2000);
    expect(ids(items)).toEqual(Array.from({ length: items.length }, (_, i) => `g${i}`));
  });

  it("throws on a truncated gzip upload instead of hanging", async () => {
    const gz = gzipSync(Array.from({ length: 100 }, (_, i) => line(event(`t${i}`))).join("\n"));
    const run = async () => {
      for await (const _batch of parseAuditStream(chunked(gz.subarray(0, gz.length / 2), 100))) {
        // drain
      }
    };
    await expect(run()).rejects.toThrow(/^truncated gzip data: /);
  });

  it("closes the source when the consumer stops early", async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; ; i++) yield Buffer.from(`${line(event(`inf-${i}`))}\n`);
      } finally {
        closed = true;
      }
    }
    for await (const batch of parseAuditStream(source(), { batchSize: 5 })) {
      expect(batch).toHaveLength(5);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });
});
