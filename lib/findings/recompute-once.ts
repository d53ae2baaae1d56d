/** A recompute was asked for while another one of this process was still running. */
export class RecomputeRunningError extends Error {
  constructor() {
    super("findings are already being recomputed: wait for that to finish, then reload the Findings page");
    this.name = "RecomputeRunningError";
  }
}

// On globalThis: Next.js may load this module more than once (one module graph per route or page).
const state: { running: boolean } = ((globalThis as { __auditlensRecompute?: { running: boolean } }).__auditlensRecompute ??= { running: false });

/**
 * Runs one recompute of the findings at a time in this process. A second one would judge the same
 * requests again with the same rules, doubling the writer's work while admins wait for the first, so it
 * is refused (RecomputeRunningError) instead of queued.
 */
export async function recomputeOnce<T>(work: () => Promise<T>): Promise<T> {
  if (state.running) throw new RecomputeRunningError();
  state.running = true;
  try {
    return await work();
  } finally {
    state.running = false;
  }
}
