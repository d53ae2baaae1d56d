// `auditlens serve` from the installed package: the standalone build (scripts/pack-build.mjs), served
// from this process, with the same address rules, timeouts and peer vouching as `npm start`.
import { createRequire } from "node:module";
import path from "node:path";
import { bindOrExit, prepareListen } from "./server-process.mjs";
import { standaloneDir } from "./package-layout.mjs";

// Files named by these variables are relative to where `auditlens serve` was started; server.js makes
// its own folder the working directory, which would move them into the installed package.
const PATH_VARIABLES = ["AUDITLENS_DB", "AUDITLENS_USERS_FILE"];
const PATH_LIST_VARIABLES = ["AUDITLENS_TAIL"];

function resolvePaths(env, cwd) {
  env.AUDITLENS_DB ??= path.join("data", "auditlens.db");
  for (const name of PATH_VARIABLES) if (env[name]?.trim()) env[name] = path.resolve(cwd, env[name].trim());
  for (const name of PATH_LIST_VARIABLES) {
    if (!env[name]?.trim()) continue;
    env[name] = env[name]
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => path.resolve(cwd, p))
      .join(",");
  }
}

/** The port from `-p`/`--port`, else PORT, else 3000; null with anything else in `argv`. */
function portFrom(argv, env) {
  let port = env.PORT?.trim() || "3000";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-p" || a === "--port") port = argv[++i] ?? "";
    else if (a.startsWith("--port=")) port = a.slice("--port=".length);
    else return null;
  }
  return /^\d{1,5}$/.test(port) && Number(port) <= 65535 ? port : null;
}

export function servePackaged(argv) {
  const { host, rest } = bindOrExit(argv);
  const port = portFrom(rest, process.env);
  if (port === null) {
    console.error("usage: auditlens serve [-p PORT] [-H ADDRESS]   (PORT, HOST and the AUDITLENS_* variables as for `npm start`)");
    process.exit(2);
  }
  resolvePaths(process.env, process.cwd());
  // server.js reads these two; HOSTNAME, not HOST (a container sets HOSTNAME to its own name).
  process.env.PORT = port;
  process.env.HOSTNAME = host;
  process.env.NODE_ENV = "production";
  prepareListen(host);
  createRequire(import.meta.url)(path.join(standaloneDir, "server.js"));
}
