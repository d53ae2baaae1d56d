#!/usr/bin/env node
// The `auditlens` command. `serve` starts the dashboard; the others (lib/cli) run from an
// esbuild bundle in this process: the package's prebuilt one, or in a clone one cached by cli-bundle.mjs.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cliDir, isPackaged, root } from "./package-layout.mjs";

const USAGE = `usage: auditlens <command> [options]

commands:
  serve [-p PORT] [-H ADDRESS]      the dashboard (default http://127.0.0.1:3000); configured by the same
                                    environment variables as \`npm start\` (AUDITLENS_DB, HOST, …)
    -p, --port PORT                 the port (default PORT, else 3000)
    -H, --hostname ADDRESS          the address (default AUDITLENS_HOST or HOST, else 127.0.0.1)
  ingest [-c NAME] [--db FILE] <file…|->
                                    load audit logs (JSON lines, EventList, YAML, cloud exports; plain or
                                    gzip) into the store; - reads standard input
    -c, --cluster NAME              the cluster the events are stored under (default "default")
    --db FILE                       the store (default AUDITLENS_DB)
  redact [--db FILE]                redact credentials in a store filled before redaction (or with it off)
  compact [--db FILE]               give the space deletions freed back to the disk (server stopped)
  findings recompute [--db FILE]    compute every request's findings again with the detection rules as
                                    now configured (after changing rules)
  user hash                         print a password hash for the users file (password on stdin)
  <command> --help                  a command's own help
  --help, -h                        this help
  --version, -v                     the version

environment:
  AUDITLENS_DB                      the store, a SQLite file (default ./data/auditlens.db), for every command
                                    (--db overrides it); \`serve\` reads the other AUDITLENS_* variables too
`;

const [command, ...rest] = process.argv.slice(2);
if (command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(USAGE);
} else if (command === "--version" || command === "-v") {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  process.stdout.write(`${version}\n`);
} else if (command === "serve") {
  if (isPackaged()) {
    (await import("./serve-packaged.mjs")).servePackaged(rest);
  } else {
    // A clone serves as `npm start` does, which reads its arguments from process.argv.
    process.argv.splice(2, 1);
    await import("./start.mjs");
  }
} else if (["ingest", "redact", "compact", "findings", "user"].includes(command)) {
  const entry = isPackaged() ? pathToFileURL(path.join(cliDir, "main.mjs")).href : await (await import("./cli-bundle.mjs")).cliEntry();
  await import(entry);
} else {
  process.stderr.write(command ? `auditlens: unknown command "${command}"\n${USAGE}` : USAGE);
  process.exitCode = 2;
}
