import fs from "node:fs";

/**
 * Peak memory of a process tree, sampled from /proc every `intervalMs`.
 *
 * Why sample rather than `/usr/bin/time -f %M`: `auditlens ingest` is a launcher that spawns the real
 * ingest as a child node process, and the server may start workers. GNU time reports ru_maxrss, which
 * is the largest single process's peak, never what the whole command holds at once. Summing VmRSS of
 * every live process in the tree at each sample gives what the command costs the machine; each process's
 * VmHWM (the kernel's own high-water mark) is also kept, which catches a peak between two samples.
 */
export type MemoryPeak = {
  /** Largest sum of VmRSS over the tree at one sample. */
  treeRssBytes: number;
  /** Largest VmHWM of any one process in the tree. */
  processHwmBytes: number;
  samples: number;
};

function readStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) * 1024;
    return { rss: kib("VmRSS"), hwm: kib("VmHWM") };
  } catch {
    return null; // exited between listing and reading
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const c of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(/\s+/)) if (c) out.push(Number(c));
    } catch {
      // the thread ended
    }
  }
  return out;
}

export function processTree(root: number): number[] {
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    queue.push(...childrenOf(pid));
  }
  return [...seen];
}

/** True where /proc exposes what the sampler needs (Linux); elsewhere peaks are reported as unknown. */
export function canSampleMemory(): boolean {
  return fs.existsSync(`/proc/${process.pid}/status`) && fs.existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
}

export class TreeMemorySampler {
  private peak: MemoryPeak = { treeRssBytes: 0, processHwmBytes: 0, samples: 0 };
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly root: number,
    private readonly intervalMs = 50,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  /** Call while the tree is still alive when possible (before awaiting its exit) for the last VmHWM. */
  sample(): void {
    let rss = 0;
    for (const pid of processTree(this.root)) {
      const s = readStatus(pid);
      if (!s) continue;
      rss += s.rss;
      this.peak.processHwmBytes = Math.max(this.peak.processHwmBytes, s.hwm);
    }
    this.peak.treeRssBytes = Math.max(this.peak.treeRssBytes, rss);
    this.peak.samples++;
  }

  stop(): MemoryPeak {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { ...this.peak };
  }
}
