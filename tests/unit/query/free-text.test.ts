import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { holdsPhrase, textQuery, tokenize } from "@/lib/query/free-text";

/** The tokens SQLite's free-text index (migrations 0012, 0014) stores for each text, in order. */
function sqliteTokens(texts: string[]): string[][] {
  const db = new Database(":memory:");
  try {
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);`);
    const insert = db.prepare("INSERT INTO t (rowid, x) VALUES (?, ?)");
    db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
    const out: string[][] = texts.map(() => []);
    for (const r of db.prepare<[], { doc: number; term: string }>("SELECT doc, term FROM v ORDER BY doc, offset").all()) {
      out[r.doc - 1]!.push(r.term);
    }
    return out;
  } finally {
    db.close();
  }
}

function* codePoints(from: number, to: number): Generator<number> {
  for (let c = from; c < to; c++) if (c < 0xd800 || c >= 0xe000) yield c;
}

describe("free-text tokenizer", () => {
  it("splits, folds and strips diacritics as SQLite does for every code point", () => {
    // Planes 4–13 are unassigned and 15–16 private use: token characters on both sides, nothing to compare.
    const cps = [...codePoints(1, 0x40000), ...codePoints(0xe0000, 0xe1000)];
    // Alone (does it start a token, what does it fold to) and after a letter (does it continue one).
    const texts = cps.map((c) => `${String.fromCodePoint(c)} a${String.fromCodePoint(c)}z`);
    const expected = sqliteTokens(texts);
    const wrong = cps.filter((_, i) => JSON.stringify(tokenize(texts[i]!)) !== JSON.stringify(expected[i]));
    expect(wrong.map((c) => c.toString(16))).toEqual([]);
  });

  it.each([
    "GET /api/v1/namespaces/kube-system/pods/coredns-5d78c9869d-abcde/log?container=x&follow=true",
    "Ünïcödé ØRESUND straße İstanbul ǅemal Æther ﬁle ＦＵＬＬ",
    "pods \"web-1\" is forbidden: User \"system:serviceaccount:ci:deployer\" cannot get resource",
    "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
    "e\u0301te\u0301 n\u0303 \u0301x 日本語のテキスト 🙂emoji🙂 x_y__z a.b-c",
  ])("tokenizes %j as SQLite does", (text) => {
    expect(tokenize(text)).toEqual(sqliteTokens([text])[0]);
  });

  it("matches a word by the prefix of its last token, a phrase exactly, and only in a row", () => {
    const doc = tokenize("/api/v1/namespaces/prod/pods/web-1/log");
    expect(holdsPhrase(doc, textQuery("web-1", false))).toBe(true);
    expect(holdsPhrase(doc, textQuery("pods/we", false))).toBe(true);
    expect(holdsPhrase(doc, textQuery("pods/we", true))).toBe(false);
    expect(holdsPhrase(doc, textQuery("prod web", false))).toBe(false);
    expect(holdsPhrase(doc, textQuery("!!", false))).toBe(false);
  });
});
