import { E2E_PORT } from "./e2e-env";

/**
 * The second server the browser tests start: the same build with sign-in on (scripts/e2e-server.mjs
 * --signed-in writes its users file). One user per role, and one limited to a namespace.
 */
export const SIGNED_IN_PORT = E2E_PORT + 1;
export const SIGNED_IN_URL = `http://127.0.0.1:${SIGNED_IN_PORT}`;
export const ACCESS_TOKEN = "e2e-access-token-0123456789abcdef";
export const SCOPED_CLUSTER = "e2e-scoped";

export const USERS = {
  admin: { username: "ada", password: "ada-password", role: "admin" },
  viewer: { username: "vic", password: "vic-password", role: "viewer" },
  ingester: { username: "ivy", password: "ivy-password", role: "ingester" },
  /** A viewer who may see only namespace team-a of SCOPED_CLUSTER. */
  scoped: { username: "tam", password: "tam-password", role: "viewer", scopes: [{ cluster: SCOPED_CLUSTER, namespaces: ["team-a"] }] },
} as const;
