import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { collectYoungGarbage } from "@/lib/ingest/worker/young-garbage";

/** ArrayBuffers' backing stores are freed by a sweeper after the collection, not within it. */
async function arrayBufferBytesSettled(): Promise<number> {
  let last = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = process.memoryUsage().arrayBuffers;
    if (now === last) return now;
    last = now;
  }
  return last;
}

describe("collectYoungGarbage", () => {
  it("frees buffers that died young without waiting for V8 to notice them", async () => {
    collectYoungGarbage();
    const before = await arrayBufferBytesSettled();
    // Like an upload's body chunks: 32 MB of 64 KiB buffers that nothing holds any more.
    for (let i = 0; i < 512; i++) new Uint8Array(64 << 10).fill(i);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(16 << 20);
    collectYoungGarbage();
    expect((await arrayBufferBytesSettled()) - before).toBeLessThan(4 << 20);
  });

  it("leaves no global gc behind for contexts made afterwards", () => {
    collectYoungGarbage();
    expect(vm.runInNewContext("typeof gc")).toBe("undefined");
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
  });
});
