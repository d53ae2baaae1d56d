import v8 from "node:v8";
import vm from "node:vm";

type Collect = (options: { type: "minor" }) => void;

/**
 * V8's `gc`, from the process's `--expose-gc` when it was started with it; otherwise from a context made
 * while that flag is briefly set, and unset again so that no other context gets a global `gc`. Done when
 * this module loads, before the upload it serves starts any worker thread, because a V8 flag is
 * process-wide: no other thread is making a context meanwhile.
 */
const collect: Collect | null = (() => {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === "function") return existing as Collect;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as Collect;
  } catch {
    return null;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
})();

/**
 * Collects this thread's young generation now, where V8 allows it (else does nothing). For the server's
 * thread while it forwards an upload: each chunk of the request body arrives in a buffer of its own (the
 * socket's read, then the web `Request`'s copy of it), and a thread that allocates almost nothing else
 * frees those only once tens of MB of them have piled up, which glibc then keeps as the thread's heap.
 */
export function collectYoungGarbage(): void {
  collect?.({ type: "minor" });
}
