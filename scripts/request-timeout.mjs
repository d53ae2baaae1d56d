// Node's HTTP server ends any request whose body takes longer than `requestTimeout` (5 minutes by
// default) to arrive, and `next start` keeps that default. An upload arrives only as fast as it is
// ingested (the route reads the body as the pipeline takes it), so a log of a few GB took longer than
// that and its connection was reset midway. Servers that start listening after this call wait for a
// body as long as it keeps coming: they drop a connection only after IDLE_MS without a byte either way,
// which still frees a stalled upload's threads, and `headersTimeout` (headers within a minute) stays.
import http from "node:http";

const IDLE_MS = 5 * 60_000;

export function setUploadTimeouts(idleMs = IDLE_MS) {
  const listen = http.Server.prototype.listen;
  // At listen rather than at creation: however the server was made, it is configured before its first connection.
  http.Server.prototype.listen = function listenWithUploadTimeouts(...args) {
    this.requestTimeout = 0;
    this.timeout = idleMs;
    return listen.apply(this, args);
  };
}
