/**
 * Heap caps for a thread that writes an ingest (the CLI's command thread, an upload's writer). Node
 * cannot cap a main thread's heap once it runs, and with no cap V8 let an ingest's short-lived garbage
 * grow that heap to ~140 MB at 1M requests, where the run keeps ~30 MB alive (a batch, the dictionary
 * caches). Under a cap it collects sooner. The young generation is where a batch's garbage goes: 16 MB
 * rather than 32 costs ~5% more CPU (six alternating runs at 200k requests) and saves ~16 MB, which an
 * upload needs to stay within its 300 MB beside the server's own ~100 MB.
 */
export const WRITER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };
