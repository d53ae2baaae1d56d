// What every way of serving Auditlens does before Next.js listens: `npm start` from a clone,
// `auditlens serve` from the installed package, and the container (scripts/container.sh).
import { bindAddress, bindRefusal } from "./bind-address.mjs";
import { collectHttpServers } from "./http-servers.mjs";
import { vouchForPeerAddresses } from "./peer-address.mjs";
import { setUploadTimeouts } from "./request-timeout.mjs";
import { log, logFormat, routeConsoleToLog } from "../lib/log/logger.mjs";

/**
 * The address to listen on (see bind-address.mjs) and the arguments left; prints why and exits when
 * serving there without sign-in is refused, or when AUDITLENS_LOG_FORMAT is not one it knows.
 */
export function bindOrExit(argv, env = process.env) {
  const { host, rest } = bindAddress(argv, env);
  let refusal = bindRefusal(host, env);
  try {
    logFormat(env);
  } catch (e) {
    refusal = e.message;
  }
  if (refusal) {
    log.error(refusal);
    process.exit(1);
  }
  // Nothing we ship reports to Next.js's telemetry.
  env.NEXT_TELEMETRY_DISABLED ??= "1";
  return { host, rest };
}

/** Configures every HTTP server this process starts listening from now on; call just before Next.js starts. */
export function prepareListen(host) {
  setUploadTimeouts();
  routeConsoleToLog();
  vouchForPeerAddresses();
  collectHttpServers();
  process.env.AUDITLENS_BIND = host;
}
