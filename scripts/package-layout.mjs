// Where the installed package keeps what scripts/pack-build.mjs built: it ships builds, not sources.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const distDir = path.join(root, "dist");
/** The Next.js standalone build: server.js with the node_modules it traces, the static files beside it. */
export const standaloneDir = path.join(distDir, "standalone");
/** The CLI's esbuild bundle (main.mjs and its parse worker). */
export const cliDir = path.join(distDir, "cli");

/**
 * True when running from the installed package rather than a clone. Told apart by the sources (app/), not
 * by dist/: a clone that has run `npm pack` holds dist/ too, and must keep serving what its sources say.
 * (The package does ship one file of lib/, the logger the start scripts use before Next.js loads.)
 */
export function isPackaged() {
  return !fs.existsSync(path.join(root, "app")) && fs.existsSync(path.join(standaloneDir, "server.js"));
}
