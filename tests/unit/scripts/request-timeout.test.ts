import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the start script, without types
import { setUploadTimeouts } from "../../../scripts/request-timeout.mjs";

const originalListen = http.Server.prototype.listen;
const servers: http.Server[] = [];

afterEach(async () => {
  http.Server.prototype.listen = originalListen;
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server answering with the number of body bytes it read, listening on a free port. */
async function bodyCounter(make: (handler: http.RequestListener) => http.Server): Promise<number> {
  const server = make((req, res) => {
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("end", () => res.end(String(bytes)));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Sends headers announcing `total` bytes, then `chunks` of 1 KiB `everyMs` apart; resolves with the answer or "closed". */
function upload(port: number, total: number, chunks: number, everyMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (d) => (answer += d.toString()));
    socket.on("close", () => resolve(answer.includes("200 OK") ? answer.slice(answer.lastIndexOf("\r\n") + 2) : "closed"));
    socket.on("error", () => {});
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent === chunks || socket.destroyed) return clearInterval(timer);
      socket.write(Buffer.alloc(1024, 97));
      sent++;
    }, everyMs);
  });
}

describe("setUploadTimeouts (npm start)", () => {
  it("sets no deadline on a request, however the server was made, and keeps the one on headers", async () => {
    setUploadTimeouts();
    for (const make of [(h: http.RequestListener) => http.createServer(h), (h: http.RequestListener) => new http.Server(h)]) {
      await bodyCounter(make);
      const server = servers.at(-1)!;
      expect(server.requestTimeout).toBe(0);
      expect(server.timeout).toBe(300_000);
      expect(server.headersTimeout).toBe(60_000);
    }
  });

  it("takes a body that keeps coming for longer than the idle limit, and drops one that stops", async () => {
    setUploadTimeouts(400);
    const port = await bodyCounter((h) => http.createServer(h));
    // 12 KiB over ~1.2 s, never 400 ms apart: all of it is read.
    await expect(upload(port, 12 * 1024, 12, 100)).resolves.toBe(String(12 * 1024));
    // Two chunks of the announced four, then silence: the connection is closed, not held.
    await expect(upload(port, 4 * 1024, 2, 50)).resolves.toBe("closed");
  });
});
