#!/usr/bin/env node
// `npm start`: builds once when there is no production build yet, then serves on PORT (default 3000), on
// HOST/AUDITLENS_HOST (default 127.0.0.1).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { log } from "../lib/log/logger.mjs";
import { bindOrExit, prepareListen } from "./server-process.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { host, rest } = bindOrExit(process.argv.slice(2));
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");

// next.config.js builds into NEXT_DIST_DIR when it is set (parallel checkouts, the bench).
if (!fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
  log.info("No production build yet: running `next build` once…");
  const status = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit" }).status ?? 1;
  if (status !== 0) process.exit(status);
}
// Next serves from this process rather than a child of it: a node process that only waited for the
// server held ~45 MB.
process.chdir(root);
prepareListen(host);
process.argv = [process.argv[0], next, "start", "-p", process.env.PORT ?? "3000", "-H", host, ...rest];
createRequire(import.meta.url)(next);
