import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const CONTAINER = path.resolve(__dirname, "../../../scripts/container.sh");
let server: http.Server | null = null;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server on a free loopback port answering /healthz with `status`; its port. */
function healthServer(status: number): Promise<number> {
  return new Promise((resolve) => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === "/healthz" ? status : 404;
      res.end();
    });
    server.listen(0, "127.0.0.1", () => resolve((server!.address() as net.AddressInfo).port));
  });
}

function health(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    spawn("sh", [CONTAINER, "health"], { env: { ...process.env, PORT: String(port) }, stdio: "ignore" }).on("exit", resolve);
  });
}

describe("container.sh health (the image's HEALTHCHECK)", () => {
  it("is healthy when /healthz on PORT answers 200", async () => {
    expect(await health(await healthServer(200))).toBe(0);
  });

  it("is unhealthy when /healthz answers an error, or nothing listens", async () => {
    const port = await healthServer(503);
    expect(await health(port)).toBe(1);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    expect(await health(port)).toBe(1);
  });

  it("refuses an unknown step", async () => {
    const code = await new Promise((resolve) => spawn("sh", [CONTAINER, "deploy"], { stdio: "ignore" }).on("exit", resolve));
    expect(code).toBe(2);
  });
});
