// What every way of serving Auditlens does before Next.js listens: `npm start` from a clone,
// `auditlens serve` from the installed package, and the container (scripts/container.sh).
import { bindAddress, bindRefusal } from "./bind-address.mjs";
import { vouchForPeerAddresses } from "./peer-address.mjs";
import { setUploadTimeouts } from "./request-timeout.mjs";

/**
 * The address to listen on (see bind-address.mjs) and the arguments left; prints why and exits when
 * serving there without sign-in is refused.
 */
export function bindOrExit(argv, env = process.env) {
  const { host, rest } = bindAddress(argv, env);
  const refusal = bindRefusal(host, env);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  // Nothing we ship reports to Next.js's telemetry.
  env.NEXT_TELEMETRY_DISABLED ??= "1";
  return { host, rest };
}

/** Configures every HTTP server this process starts listening from now on; call just before Next.js starts. */
export function prepareListen(host) {
  setUploadTimeouts();
  vouchForPeerAddresses();
  process.env.AUDITLENS_BIND = host;
}
