import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { IngestCounts, IngestMeasurement } from "./cli-ingest";
import { TreeMemorySampler, canSampleMemory } from "./process-memory";

function post(url: URL, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", headers: { "content-type": "application/octet-stream", "content-length": fs.statSync(file).size } },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    // Streamed as the browser upload is: the file is never held in memory on either side.
    fs.createReadStream(file, { highWaterMark: 1 << 20 })
      .on("error", reject)
      .pipe(req);
  });
}

/**
 * POST /api/v1/ingest with the raw file as the body, timed until the run summary arrives (the store is
 * committed by then). Memory is the server's whole process tree, which includes what Next itself holds.
 */
export async function ingestWithHttp(serverUrl: string, serverPid: number, file: string): Promise<IngestMeasurement> {
  const url = new URL("/api/v1/ingest", serverUrl);
  url.searchParams.set("cluster", "bench");
  url.searchParams.set("filename", path.basename(file));
  const sampler = canSampleMemory() ? new TreeMemorySampler(serverPid).start() : null;
  const started = performance.now();
  let res: { status: number; body: string };
  try {
    res = await post(url, file);
  } finally {
    sampler?.sample();
  }
  const seconds = (performance.now() - started) / 1000;
  const memory = sampler?.stop() ?? null;
  if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${res.body.slice(0, 500)}`);
  const summary = JSON.parse(res.body) as IngestCounts;
  const counts: IngestCounts = {
    events: summary.events,
    added: summary.added,
    duplicates: summary.duplicates,
    invalid: summary.invalid,
    requests: summary.requests,
  };
  return { counts, seconds, memory };
}
