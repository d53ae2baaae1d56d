import fs from "node:fs";
import path from "node:path";
import { parseAuditStream, type ParseOptions } from "@/lib/ingest/parse";
import type { ParsedEvent, ParsedItem, ParseProblem } from "@/lib/ingest/types";

export const FIXTURES = path.resolve(__dirname, "../../fixtures/ingest");
export const CORPUS = path.resolve(__dirname, "../../../../shared/corpus");

export const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));

let counter = 0;

/** A plain v1 audit event; `auditID` is what the tests look for. */
export function event(auditID = `id-${++counter}`, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID,
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/prod/pods/web-1",
    verb: "get",
    user: { username: "alice", groups: ["devs", "system:authenticated"] },
    sourceIPs: ["10.0.0.5"],
    userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
    objectRef: { resource: "pods", namespace: "prod", name: "web-1", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: "2024-05-10T12:55:43.587646Z",
    stageTimestamp: "2024-05-10T12:55:43.591020Z",
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
    ...overrides,
  };
}

export const line = (value: unknown): string => JSON.stringify(value);

/** Splits input into chunks of `size` bytes (1 = byte by byte), like a slow socket would. */
export async function* chunked(input: Buffer | string, size = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  if (!Number.isFinite(size)) {
    yield bytes;
    return;
  }
  for (let i = 0; i < bytes.length; i += size) yield new Uint8Array(bytes.subarray(i, i + size));
}

export async function parseAll(
  input: Buffer | string,
  options: ParseOptions & { chunkSize?: number } = {},
): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  for await (const batch of parseAuditStream(chunked(input, options.chunkSize), options)) items.push(...batch);
  return items;
}

export type Summary = ["event", number, string] | ["invalid", number, string];

/** Items as [kind, line, auditID-or-reason] tuples: what a reader of a test wants to compare. */
export function summarize(items: ParsedItem[]): Summary[] {
  return items.map((item) =>
    item.kind === "event" ? ["event", item.line, item.event.auditID] : ["invalid", item.line, item.reason],
  );
}

export async function parseSummary(input: Buffer | string, options: ParseOptions & { chunkSize?: number } = {}) {
  return summarize(await parseAll(input, options));
}

export const events = (items: ParsedItem[]): ParsedEvent[] => items.filter((i): i is ParsedEvent => i.kind === "event");
export const problems = (items: ParsedItem[]): ParseProblem[] => items.filter((i): i is ParseProblem => i.kind === "invalid");
