#!/usr/bin/env node
// `npm start`: builds once when there is no production build yet, then serves on PORT (default 3000).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const run = (args) => spawnSync(process.execPath, [next, ...args], { cwd: root, stdio: "inherit" }).status ?? 1;

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("No production build yet: running `next build` once…");
  const status = run(["build"]);
  if (status !== 0) process.exit(status);
}
process.exit(run(["start", "-p", process.env.PORT ?? "3000", ...process.argv.slice(2)]));
