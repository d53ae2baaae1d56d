// Which address `npm start` listens on, and whether it may: Auditlens without a sign-in method serves
// whoever reaches it, so it listens on loopback unless told otherwise, and refuses a wider address until
// one is configured.
const SIGN_IN_VARIABLES = ["AUDITLENS_USERS_FILE", "AUDITLENS_ACCESS_TOKEN", "AUDITLENS_OIDC_ISSUER", "AUDITLENS_PROXY_USER_HEADER"];

export function isLoopback(host) {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The address from `-H`/`--hostname`, AUDITLENS_HOST or HOST (in that order), default 127.0.0.1, and argv without the flag. */
export function bindAddress(argv, env) {
  const rest = [];
  let flag = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-H" || a === "--hostname") flag = argv[++i] ?? null;
    else if (a.startsWith("--hostname=")) flag = a.slice("--hostname=".length);
    else rest.push(a);
  }
  return { host: flag || env.AUDITLENS_HOST?.trim() || env.HOST?.trim() || "127.0.0.1", rest };
}

/** Why serving on `host` is refused, or null. */
export function bindRefusal(host, env) {
  if (isLoopback(host) || SIGN_IN_VARIABLES.some((k) => env[k]?.trim())) return null;
  return [
    `auditlens: refusing to listen on ${host} without sign-in: anyone who reaches it would read every audit event.`,
    "Configure a way to sign in first, then start again:",
    "  AUDITLENS_ACCESS_TOKEN=<a long random string>   one shared token (sign in with it, or send it as Authorization: Bearer)",
    "  AUDITLENS_USERS_FILE=users.yaml                 named users with roles (hashes from `npx auditlens user hash`)",
    "  AUDITLENS_OIDC_ISSUER=… (+ CLIENT_ID/SECRET)     OpenID Connect",
    "  AUDITLENS_PROXY_USER_HEADER=… (+ TRUSTED_PROXIES) behind an authenticating proxy",
    "Or listen on loopback only (the default): unset HOST/AUDITLENS_HOST.",
  ].join("\n");
}
