import { makeEvent } from "./events";

/**
 * A log whose ~6 KB events add up, 2000 of them (one parse-worker message), to more than `bound` bytes,
 * followed by one line ("longest") that alone is longer than `bound`: input that stalls a pipeline whose
 * in-flight bounds wait for a whole message or line. `chunks()` yields it 1 MiB at a time.
 */
export function oversizeInput(bound: number): { input: Buffer; count: number; chunks: () => AsyncGenerator<Uint8Array> } {
  const body = { metadata: { annotations: { note: "x".repeat(6000) } } };
  const count = Math.ceil((1.5 * bound) / 6000);
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify(makeEvent({ auditID: `big-${i}`, level: "Request", requestObject: body })));
  const long = { metadata: { annotations: { note: "y".repeat(bound + (1 << 20)) } } };
  lines.push(JSON.stringify(makeEvent({ auditID: "longest", level: "Request", requestObject: long })));
  const input = Buffer.from(lines.join("\n") + "\n");
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < input.length; at += 1 << 20) yield input.subarray(at, at + (1 << 20));
  }
  return { input, count, chunks };
}
