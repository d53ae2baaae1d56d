import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SOURCE = /\.(ts|tsx|mts|mjs)$/;

/** The SQLite backend's own folder: the one place that may speak its dialect or import its driver. */
const BACKEND = "lib/store/sqlite/";

/** Where the app picks its backend: they construct the SQLite store (its read and write sides) and re-export what is not SQL yet. */
const COMPOSITION = ["lib/store/index.ts", "lib/store/index-ingest.ts"];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return SOURCE.test(e.name) ? [rel] : [];
  });
}

const outside = ["lib", "app", "components"]
  .flatMap(sources)
  .filter((f) => !f.startsWith(BACKEND))
  .map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), "utf8") }));

/** Module specifiers of static and dynamic imports, exports-from and requires. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g)) found.push(m[1]!);
  return found;
}

/** A statement, not a word in a sentence: upper-case keywords in their SQL order. */
const SQL = [
  /\bSELECT\b[\s\S]*?\bFROM\b/,
  /\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b/,
  /\bUPDATE\s+\w+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\bCREATE\s+(?:TEMP\s+|TEMPORARY\s+|UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b/,
  /\bPRAGMA\s+\w+/,
  /\bWHERE\b[\s\S]*?(?:=|\bIN\b|\bIS\b|\bMATCH\b|\bGLOB\b|\bLIKE\b)/,
];

/** Text of each template literal and quoted string, comments left out. */
function literals(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  return [...code.matchAll(/`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g)].map((m) => m[0]);
}

describe("the store's boundaries", () => {
  it("finds the files it checks", () => {
    expect(outside.length).toBeGreaterThan(50);
    expect(outside.some((f) => f.file === "app/(explorer)/page.tsx")).toBe(true);
  });

  it("keeps the SQLite driver inside lib/store/sqlite", () => {
    expect(outside.filter((f) => f.text.includes("better-sqlite3")).map((f) => f.file)).toEqual([]);
  });

  it("lets only lib/store/index.ts import from the SQLite backend", () => {
    const offenders = outside
      .filter((f) => !COMPOSITION.includes(f.file))
      .filter((f) => specifiers(f.text).some((s) => s.startsWith("@/lib/store/sqlite") || /(^|\/)store\/sqlite(\/|$)/.test(s) || (f.file.startsWith("lib/store/") && s.startsWith("./sqlite"))))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it("writes no SQL outside lib/store/sqlite", () => {
    const offenders = outside.flatMap((f) => literals(f.text).filter((l) => SQL.some((re) => re.test(l))).map((l) => `${f.file}: ${l.slice(0, 80)}`));
    expect(offenders).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    expect(specifiers('import { db } from "@/lib/store/sqlite/db";')).toEqual(["@/lib/store/sqlite/db"]);
    expect(specifiers('const m = await import("@/lib/store/sqlite/stats");')).toEqual(["@/lib/store/sqlite/stats"]);
    const sql = (s: string) => literals(s).some((l) => SQL.some((re) => re.test(l)));
    expect(sql("db.prepare(`SELECT id FROM requests WHERE ts < ?`)")).toBe(true);
    expect(sql('db.exec("DELETE FROM views")')).toBe(true);
    expect(sql('const help = "Select a view from the list";')).toBe(false);
    expect(sql("// SELECT id FROM requests\nconst x = 1;")).toBe(false);
  });
});
