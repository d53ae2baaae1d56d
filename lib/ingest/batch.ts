import "server-only";

const TIMED_OUT = Symbol("timed out");

/**
 * Regroups arrays into batches of at most `size`. A partial batch is held back only while the next
 * input arrives within `waitMs`: a file or gzip stream fills whole batches (one database transaction
 * each), while a slow source such as a followed log still gets its lines out promptly. If the source
 * fails, what was already read is yielded before the error is rethrown.
 */
export async function* rebatch<T>(source: AsyncIterable<T[]>, size: number, waitMs: number): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  let batch: T[] = [];
  let pending: Promise<IteratorResult<T[]>> | null = null;
  let finished = false;
  try {
    for (;;) {
      pending = it.next();
      let next: IteratorResult<T[]> | typeof TIMED_OUT = batch.length === 0 ? await pending : await within(pending, waitMs);
      if (next === TIMED_OUT) {
        const ready = batch;
        batch = [];
        yield ready;
        next = await pending;
      }
      pending = null;
      if (next.done) break;
      for (const item of next.value) {
        batch.push(item);
        if (batch.length >= size) {
          const full = batch;
          batch = [];
          yield full;
        }
      }
    }
    finished = true;
  } catch (err) {
    finished = true;
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield ready;
    }
    throw err;
  } finally {
    if (!finished && pending) {
      // Our consumer stopped early during a read: close the source without waiting for that read
      // (a followed log may not produce one for a long time).
      pending.catch(() => {});
      void it.return?.()?.catch(() => {});
    } else if (!finished) {
      await it.return?.();
    }
  }
  if (batch.length > 0) yield batch;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
