import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { collectYoungGarbage } from "@/lib/ingest/worker/young-garbage";

const arrayBufferBytes = () => process.memoryUsage().arrayBuffers;

/** ArrayBuffers' backing stores are freed by a sweeper after the collection, not within it. */
async function settled(): Promise<number> {
  let last = arrayBufferBytes();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (arrayBufferBytes() === last) break;
    last = arrayBufferBytes();
  }
  return last;
}

/**
 * Whether the buffers are freed within `ticks` timer ticks. A sweeper frees them after the collection,
 * within a tick or two; waiting by ticks rather than polling allocates next to nothing, so V8 does not
 * collect them by itself meanwhile (without the call they stay for seconds).
 */
async function freedWithin(ticks: number, below: number): Promise<boolean> {
  for (let i = 0; i < ticks; i++) {
    if (arrayBufferBytes() < below) return true;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return arrayBufferBytes() < below;
}

describe("collectYoungGarbage", () => {
  it("frees buffers that died young without waiting for V8 to notice them", async () => {
    collectYoungGarbage();
    const before = await settled();
    // Like an upload's body chunks: 8 MB of 64 KiB buffers that nothing holds any more (with a few times
    // that, V8 would collect them by itself).
    for (let i = 0; i < 128; i++) new Uint8Array(64 << 10).fill(i);
    expect(arrayBufferBytes() - before).toBeGreaterThan(6 << 20);
    collectYoungGarbage();
    expect(await freedWithin(200, before + (2 << 20))).toBe(true);
  });

  it("leaves no global gc behind for contexts made afterwards", () => {
    collectYoungGarbage();
    expect(vm.runInNewContext("typeof gc")).toBe("undefined");
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
  });
});
