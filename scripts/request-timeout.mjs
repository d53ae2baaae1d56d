// Node's HTTP server ends any request whose body takes longer than `requestTimeout` (5 minutes by
// default) to arrive, and `next start` keeps that default. An upload arrives only as fast as it is
// ingested (the route reads the body as the pipeline takes it), so a log of a few GB takes longer than
// that and its connection was reset mid-way. Servers made after this call wait for a body as long as it
// takes; `headersTimeout` (a request's headers within a minute) still guards against idle clients.
import http from "node:http";

export function withoutRequestTimeout() {
  const createServer = http.createServer;
  http.createServer = function createServerWithoutRequestTimeout(...args) {
    const server = createServer.apply(this, args);
    server.requestTimeout = 0;
    return server;
  };
}
