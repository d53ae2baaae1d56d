export type StepTime = { step: string; usPerEvent: number };

const cpuUs = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * Sums the CPU time (the process's, all threads: V8 collects garbage on helper threads) spent in each
 * named step, in the order steps were first timed. CPU rather than wall time, because the budget is two
 * cores' worth of CPU, and a host that deschedules the process would otherwise inflate every step.
 */
export class StepClock {
  private readonly spentUs = new Map<string, number>();

  time<T>(step: string, fn: () => T): T {
    const start = cpuUs();
    try {
      return fn();
    } finally {
      this.spentUs.set(step, (this.spentUs.get(step) ?? 0) + cpuUs() - start);
    }
  }

  perEvent(events: number): StepTime[] {
    return [...this.spentUs].map(([step, us]) => ({ step, usPerEvent: us / Math.max(1, events) }));
  }
}
