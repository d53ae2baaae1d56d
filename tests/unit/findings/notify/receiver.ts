import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: http.IncomingHttpHeaders; body: Record<string, unknown> };

/**
 * A local HTTP server standing in for Slack or an alerting webhook: it keeps each POST's body and
 * answers as `respond` says (a status, or "hold" to leave the request unanswered until `release`).
 */
export async function receiver(respond: (n: number) => number | "hold" = () => 200) {
  const received: Received[] = [];
  const held: (() => void)[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = respond(attempts++);
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      if (answer === "hold") held.push(() => res.writeHead(200).end());
      else res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/hooks/secret-path`),
    received,
    /** Answers every request held so far. */
    release: () => held.splice(0).forEach((answer) => answer()),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
