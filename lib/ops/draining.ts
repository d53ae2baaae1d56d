type Draining = { since: number | null };
// On globalThis: the signal handler and the routes that read this may be different module instances.
const state: Draining = ((globalThis as { __auditlensDraining?: Draining }).__auditlensDraining ??= { since: null });

/** From the termination signal on: readiness fails and the webhook turns new deliveries away. */
export function startDraining(): void {
  state.since ??= Date.now();
}

export function draining(): boolean {
  return state.since !== null;
}
