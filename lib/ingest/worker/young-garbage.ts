import v8 from "node:v8";
import vm from "node:vm";

type Collect = (options: { type: "minor" }) => void;

let collect: Collect | null | undefined;

/**
 * Collects this thread's young generation now, where V8 allows it (else does nothing). For the server's
 * thread while it forwards an upload: each chunk of the request body arrives in a buffer of its own (the
 * socket's read, then the web `Request`'s copy of it), and a thread that allocates almost nothing else
 * frees those only once tens of MB of them have piled up, which glibc then keeps as the thread's heap.
 * The function comes from `--expose-gc`, set just long enough to make one context that has it, and
 * unset again so that no other context (a worker's, say) gets a global `gc`.
 */
export function collectYoungGarbage(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      collect = vm.runInNewContext("gc") as Collect;
    } catch {
      collect = null;
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  }
  collect?.({ type: "minor" });
}
