// Perf sanity check for lib/ingest (not a test, not the benchmark):
//   npx tsx --conditions=react-server bench/ingest-parse-sanity.mts [lines] [--gzip]
// Parses generated ~950-byte JSON-lines events through parseAuditStream and prints events/s.
// Generation happens up front so that only parsing is timed. `--conditions=react-server`
// makes "server-only" importable outside Next.
import { randomUUID } from "node:crypto";
import { createReadStream, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parseAuditStream } from "../lib/ingest/parse";

const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200_000);
const gzip = process.argv.includes("--gzip");

function line(i: number): string {
  const ns = `team-${i % 40}`;
  return JSON.stringify({
    kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: randomUUID(),
    stage: "ResponseComplete", requestURI: `/api/v1/namespaces/${ns}/pods/web-${i % 997}?timeout=10s`, verb: "get",
    user: { username: `system:serviceaccount:${ns}:deployer`, uid: randomUUID(), groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"] },
    sourceIPs: [`10.0.${i % 250}.${i % 200}`], userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
    objectRef: { resource: "pods", namespace: ns, name: `web-${i % 997}`, apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: "2024-05-10T12:55:43.587646Z", stageTimestamp: "2024-05-10T12:55:43.591020Z",
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": `RBAC: allowed by RoleBinding "deployer/${ns}" of ClusterRole "edit" to ServiceAccount "deployer/${ns}"` },
  });
}

// Written to a temporary file and read back with a file stream, like an upload spooled to disk, so
// the input is not held in memory while parsing.
const file = path.join(os.tmpdir(), `auditlens-parse-sanity-${count}${gzip ? ".log.gz" : ".log"}`);
let plainBytes = 0;
{
  // In pieces: one JS string of a million lines would exceed V8's string length limit.
  const pieces: Buffer[] = [];
  for (let i = 0; i < count; i += 10_000) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(count, i + 10_000); j++) lines.push(`${line(j)}\n`);
    pieces.push(Buffer.from(lines.join("")));
  }
  const plain = Buffer.concat(pieces);
  plainBytes = plain.length;
  writeFileSync(file, gzip ? gzipSync(plain) : plain);
}

const start = performance.now();
let events = 0;
let problems = 0;
let batches = 0;
for await (const batch of parseAuditStream(createReadStream(file))) {
  batches++;
  for (const item of batch) item.kind === "event" ? events++ : problems++;
}
const seconds = (performance.now() - start) / 1000;
console.log(
  `${events} events, ${problems} problems, ${batches} batches, ${(plainBytes / count).toFixed(0)} B/line${gzip ? ", gzip" : ""}: ` +
  `${seconds.toFixed(2)} s, ${Math.round(events / seconds).toLocaleString("en")} events/s, ${(plainBytes / 1e6 / seconds).toFixed(0)} MB/s`,
);
// The floor on this machine: JSON.parse alone over the same lines, in memory.
if (!gzip) {
  const data = readFileSync(file);
  const floorStart = performance.now();
  for (let i = 0; i < data.length; i += 64 * 1024 * 1024) {
    const end = Math.min(data.length, i + 64 * 1024 * 1024);
    const text = data.toString("utf8", i, end);
    // Pieces were cut at arbitrary bytes; only whole lines inside each are parsed (close enough).
    let from = i === 0 ? 0 : text.indexOf("\n") + 1;
    for (let nl = text.indexOf("\n", from); nl !== -1; from = nl + 1, nl = text.indexOf("\n", from)) {
      JSON.parse(text.slice(from, nl));
    }
  }
  const floor = (performance.now() - floorStart) / 1000;
  console.log(`bare JSON.parse of the same lines: ${floor.toFixed(2)} s (parser = ${(seconds / floor).toFixed(2)}x that)`);
}
rmSync(file);
