/**
 * Heap caps for a thread that writes an ingest (the CLI's command thread, an upload's writer). Node
 * cannot cap a main thread's heap once it runs, and with no cap V8 let an ingest's short-lived garbage
 * grow that heap to ~140 MB at 1M requests, where the run keeps ~30 MB alive (a batch, the dictionary
 * caches). Under a cap it collects sooner: ~65 MB in all, for no measured loss of speed. A young
 * generation smaller than 32 MB cost ~15% more CPU.
 */
export const WRITER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };
