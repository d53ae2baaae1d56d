/**
 * Heap caps for a thread that writes an ingest (the CLI's command thread, an upload's writer). Node
 * cannot cap a main thread's heap once it runs, and with no cap V8 let an ingest's short-lived garbage
 * grow that heap to ~140 MB at 1M requests, where the run keeps ~30 MB alive (a batch, the dictionary
 * caches). Under a cap it collects sooner. The young generation is where a batch's garbage goes: 32 MB
 * rather than 16 saved ~4% of the CPU (five alternating CLI runs at 200k requests) for ~20 MB more.
 * With the detection rules evaluated on every batch (#21), 32 MB took the CLI's peak at 1M requests to
 * ~295 MB (max RSS; budget 300); 24 MB brought it to ~266 MB for a few % of CPU. An upload's writer
 * shares a process with the server's own ~120 MB: with the rules, a 1M upload peaked at 321–343 MB with
 * 16 MB of young generation and 309–329 MB with 8 (a sampling script; the bench), in the same time
 * (286 MB with every rule off): still over the budget (docs/performance.md).
 */
export const CLI_WRITER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 24 };
export const UPLOAD_WRITER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 };
