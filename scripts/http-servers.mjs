// Graceful shutdown (lib/ops/shutdown.ts) needs the HTTP server that `next start` makes, which Next.js
// keeps to itself. Servers that start listening after this call are collected on globalThis, under a
// key the server's code reads; Next.js's own signal handling, which exits with 143 as soon as its
// requests are done, is turned off (NEXT_MANUAL_SIG_HANDLE, node_modules/next/dist/server/lib/start-server.js)
// so that ours can also finish the webhook queue, the tailed files and the store, and exit 0.
import http from "node:http";

export const SERVERS_KEY = Symbol.for("auditlens.httpServers");

export function collectHttpServers() {
  process.env.NEXT_MANUAL_SIG_HANDLE = "true";
  const servers = (globalThis[SERVERS_KEY] ??= new Set());
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function listenCollected(...args) {
    servers.add(this);
    return listen.apply(this, args);
  };
}
