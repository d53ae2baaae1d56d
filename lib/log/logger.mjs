// The one logger of the server and its start script (plain JavaScript so that scripts/start.mjs can use it
// before Next.js loads; types in logger.d.mts). Lines carry ids and counts, never audit-log content: no
// user names, object names, request URIs or bodies of events.
import { format } from "node:util";
import { z } from "zod";

export const logFormatSchema = z.enum(["text", "json"]);

/** AUDITLENS_LOG_FORMAT: "json" for one JSON object per line (log collectors), "text" (default) for people. */
export function logFormat(env = process.env) {
  const value = env.AUDITLENS_LOG_FORMAT;
  if (value === undefined || value === "") return "text";
  const parsed = logFormatSchema.safeParse(value);
  if (!parsed.success) throw new Error(`AUDITLENS_LOG_FORMAT must be "text" or "json", not ${JSON.stringify(value)}`);
  return parsed.data;
}

// A bad value is reported once by the start script; until then lines stay readable rather than lost.
function currentFormat() {
  try {
    return logFormat();
  } catch {
    return "text";
  }
}

const RESERVED = new Set(["time", "level", "message"]);

function jsonLine(time, level, message, fields) {
  const line = { time, level, message };
  // A field cannot pass itself off as the time, level or message of the line.
  for (const [k, v] of Object.entries(fields)) if (!RESERVED.has(k) && v !== undefined) line[k] = v;
  return JSON.stringify(line, (_k, v) => (typeof v === "bigint" ? String(v) : v instanceof Error ? v.message : v));
}

function textValue(v) {
  const s = v instanceof Error ? v.message : typeof v === "string" ? v : JSON.stringify(v);
  return /^[^\s"=]+$/.test(s ?? "") ? s : JSON.stringify(s ?? null);
}

function textLine(time, level, message, fields) {
  const pairs = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}=${textValue(v)}`)
    .join("");
  return `${time} ${level.padEnd(5)} ${message}${pairs}`;
}

/** One line, formatted as AUDITLENS_LOG_FORMAT says (exported for the tests). */
export function formatLine(level, message, fields = {}, format = currentFormat(), now = new Date()) {
  const time = now.toISOString();
  return format === "json" ? jsonLine(time, level, message, fields) : textLine(time, level, message, fields);
}

function write(level, message, fields) {
  const stream = level === "error" || level === "warn" ? process.stderr : process.stdout;
  stream.write(`${formatLine(level, message, fields)}\n`);
}

export const log = {
  info: (message, fields) => write("info", message, fields ?? {}),
  warn: (message, fields) => write("warn", message, fields ?? {}),
  error: (message, fields) => write("error", message, fields ?? {}),
};

/**
 * With JSON logs, what Next.js itself prints through `console` ("Ready in …", a route's uncaught error)
 * becomes JSON lines too, so that a log collector never meets a line it cannot parse.
 */
export function routeConsoleToLog() {
  if (currentFormat() !== "json") return;
  const to = (level) => (...args) => write(level, format(...args).replace(/\x1b\[[0-9;]*m/g, "").trim(), {});
  console.log = to("info");
  console.info = to("info");
  console.debug = to("info");
  console.warn = to("warn");
  console.error = to("error");
}
