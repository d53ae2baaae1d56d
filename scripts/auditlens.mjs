#!/usr/bin/env node
// Runs the TypeScript CLI (lib/cli) with tsx. `react-server` makes the "server-only" guard a no-op:
// the CLI is server code, just not inside Next.js.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(
  process.execPath,
  ["--conditions=react-server", "--import", import.meta.resolve("tsx"), path.join(root, "lib/cli/main.ts"), ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") } },
);
process.exit(result.status ?? 1);
