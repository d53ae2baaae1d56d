// The CLI's TypeScript (lib/cli, and the parse worker it starts) bundled by esbuild into
// node_modules/.cache/auditlens-cli, rebuilt when any of its inputs is newer than the bundle. Running the
// bundle in the launcher's own process, rather than a tsx child, saves a second Node process, tsx's
// esbuild services and the per-start compile: ~130 MB of ingest's peak memory and ~1.5 s.
import esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.join(root, "node_modules", ".cache", "auditlens-cli");
const manifestFile = path.join(cacheDir, "manifest.json");

/** @returns {{ dir: string, inputs: string[], builtAt: number } | null} */
function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    return null;
  }
}

function isFresh(manifest) {
  if (!manifest || !fs.existsSync(path.join(cacheDir, manifest.dir, "main.mjs"))) return false;
  // The bundle's own inputs (our sources and the packages bundled in), plus this script.
  for (const input of [...manifest.inputs, path.relative(root, fileURLToPath(import.meta.url))]) {
    try {
      if (fs.statSync(path.join(root, input)).mtimeMs > manifest.builtAt) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Bundles the CLI into `outdir` (main.mjs and its parse worker); the inputs' metafile. */
export async function bundleCli(outdir) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: "lib/cli/main.ts", "parse-worker": "lib/ingest/worker/parse-worker.ts" },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // The "server-only" guard resolves to its no-op under this condition: the CLI is server code.
    conditions: ["react-server"],
    external: ["better-sqlite3"],
    // Bundled CommonJS packages call require(); ESM output has none of its own.
    banner: { js: "import { createRequire as __auditlensRequire } from 'node:module'; const require = __auditlensRequire(import.meta.url);" },
    // parse-in-worker.ts starts its worker from the entry beside the bundle (lib/ingest/worker).
    define: { __AUDITLENS_CLI_PARSE_WORKER__: JSON.stringify("./parse-worker.mjs") },
    metafile: true,
    logLevel: "error",
  });
  await esbuild.stop();
  return result.metafile;
}

async function build(previous) {
  // Taken before reading any source, so an edit made during the build triggers the next one.
  const builtAt = Date.now();
  // A directory per build: another CLI process may still be starting workers from the previous one.
  const dir = `build-${builtAt}-${process.pid}`;
  const metafile = await bundleCli(path.join(cacheDir, dir));
  const manifest = { dir, inputs: Object.keys(metafile.inputs), builtAt };
  const partial = `${manifestFile}.${process.pid}`;
  fs.writeFileSync(partial, JSON.stringify(manifest));
  fs.renameSync(partial, manifestFile);
  // Keep the one before (a process may be running it); older builds go.
  for (const name of fs.readdirSync(cacheDir)) {
    if (name.startsWith("build-") && name !== dir && name !== previous?.dir) fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
  return manifest;
}

/** The URL of the CLI's bundled entry, building it first when it is missing or older than a source. */
export async function cliEntry() {
  fs.mkdirSync(cacheDir, { recursive: true });
  const current = readManifest();
  const manifest = isFresh(current) ? current : await build(current);
  return pathToFileURL(path.join(cacheDir, manifest.dir, "main.mjs")).href;
}
