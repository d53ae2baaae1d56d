import fs from "node:fs";
import path from "node:path";

/** The shared corpus of real audit logs, beside the repo; absent on a fresh clone elsewhere. */
export const CORPUS_DIR = path.resolve(__dirname, "../../../shared/corpus");
export const corpusPresent = fs.existsSync(CORPUS_DIR);

export function corpusFiles(): string[] {
  if (!corpusPresent) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(log|json|jsonl|gz)$/.test(entry.name)) out.push(full);
    }
  };
  walk(CORPUS_DIR);
  return out;
}

export type Expected = { events: number; distinctEvents: number; requests: number };

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseMaybe(s: string): Json | undefined {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/**
 * Deliberately naive and separate from lib/ingest: loads the whole (small) file and recognises audit
 * events by their identity fields only, so the pipeline's counts are checked against an independent count.
 */
function candidates(value: Json, out: { auditID: string; stage: string; content: string }[]): void {
  if (Array.isArray(value)) return value.forEach((v) => candidates(v, out));
  if (!isObject(value)) return;
  for (const key of ["items", "events", "records", "logEvents"]) {
    if (Array.isArray(value[key])) return candidates(value[key], out);
  }
  if (isObject(value.properties) && value.properties.log !== undefined) {
    const log = value.properties.log;
    return candidates(typeof log === "string" ? parseMaybe(log) : log, out);
  }
  if (typeof value.message === "string" && value.auditID === undefined) return candidates(parseMaybe(value.message), out);
  if (typeof value.log === "string") return candidates(parseMaybe(value.log), out);
  if (isObject(value.protoPayload)) {
    const op = isObject(value.operation) ? value.operation.id : undefined;
    const id = typeof op === "string" ? op : String(value.insertId);
    out.push({ auditID: id, stage: "ResponseComplete", content: JSON.stringify(value) });
    return;
  }
  if (typeof value.auditID === "string" && typeof value.stage === "string") {
    out.push({ auditID: value.auditID, stage: value.stage, content: JSON.stringify(value) });
  }
}

export function expectedCounts(file: string): Expected {
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const found: { auditID: string; stage: string; content: string }[] = [];
  const whole = parseMaybe(text);
  if (whole !== undefined) candidates(whole, found);
  else for (const line of text.split(/\r?\n/)) {
    const v = parseMaybe(line.trim());
    if (v !== undefined) candidates(v, found);
  }
  return {
    events: found.length,
    distinctEvents: new Set(found.map((f) => `${f.auditID}\u0000${f.stage}\u0000${f.content}`)).size,
    requests: new Set(found.map((f) => f.auditID)).size,
  };
}
