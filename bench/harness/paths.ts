import path from "node:path";

/** The repository root: the harness spawns the CLI, the generator and Next from here. */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** Generated logs (cached per size and seed) and the stores built from them; both are large and disposable. */
export const DATA_DIR = path.join(ROOT, "bench", "data");
export const RESULTS_DIR = path.join(ROOT, "bench", "results");
