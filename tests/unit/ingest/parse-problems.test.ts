import { describe, expect, it } from "vitest";
import { event, fixture, line, parseAll, parseSummary, summarize } from "./helpers";

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

describe("noise lines", () => {
  it("reports klog lines from `kubectl logs kube-apiserver` and keeps the events between them", async () => {
    expect(await parseSummary(fixture("kubectl-logs-apiserver.log"))).toEqual([
      ["invalid", 1, "not JSON (klog line)"],
      ["invalid", 2, "not JSON (klog line)"],
      ["event", 3, "klog-1"],
      ["invalid", 4, "not JSON (klog line)"],
      ["event", 5, "klog-2"],
      ["invalid", 7, "not JSON (klog line)"],
      ["event", 8, "klog-3"],
    ]);
  });

  it("names the legacy audit text format", async () => {
    const legacy = '2017-09-11T19:55:05.123456Z AUDIT: id="5c3d" stage="ResponseComplete" ip="::1" method="list" user="admin" uri="/api/v1/pods" response="200"';
    expect(await parseSummary(legacy)).toEqual([["invalid", 1, "not JSON (legacy audit text format; use --audit-log-format=json)"]]);
  });

  it("reports other text with the JSON parser's message", async () => {
    expect(await parseSummary("hello world\n")).toEqual([["invalid", 1, expect.stringMatching(/^not JSON: Unexpected token 'h'/)]]);
  });

  it("keeps reasons short even for a long broken line", async () => {
    const [item] = await parseSummary(`x${"y".repeat(5000)}\n`);
    expect(item?.[2].length).toBeLessThan(260);
  });
});

describe("malformed JSON lines", () => {
  it("reports a malformed line in the middle and parses the following lines", async () => {
    const text = [line(event("a")), '{"kind":"Event","auditID":"x" "stage":"ResponseComplete"}', line(event("b"))].join("\n");
    expect(await parseSummary(text)).toEqual([
      ["event", 1, "a"],
      ["invalid", 2, expect.stringMatching(/^not JSON: Expected ',' or '}' after property value/)],
      ["event", 3, "b"],
    ]);
  });

  it("reports a line cut inside a string", async () => {
    const cut = line(event("cut")).slice(0, 60);
    expect(await parseSummary([line(event("a")), cut, line(event("b"))].join("\n"))).toEqual([
      ["event", 1, "a"],
      ["invalid", 2, expect.stringMatching(/^not JSON: Unterminated string in JSON/)],
      ["event", 3, "b"],
    ]);
  });

  it("reports a line cut between tokens by the JSON parser's message, not as a document", async () => {
    const text = [line(event("a")), '{"kind":"Event","auditID":', line(event("b"))].join("\n");
    expect(await parseSummary(text)).toEqual([
      ["event", 1, "a"],
      ["invalid", 2, expect.stringMatching(/^not JSON: Unexpected end of JSON input/)],
      ["event", 3, "b"],
    ]);
  });

  it("reports such a line at the end of input the same way", async () => {
    expect(await parseSummary(`${line(event("a"))}\n{"kind":"Event","auditID":`)).toEqual([
      ["event", 1, "a"],
      ["invalid", 2, expect.stringMatching(/^not JSON: Unexpected end of JSON input/)],
    ]);
  });

  it("reports text after a complete JSON value", async () => {
    expect(await parseSummary(`${line(event("a"))} trailing\n`)).toEqual([
      ["invalid", 1, expect.stringMatching(/^not JSON: Unexpected non-whitespace character after JSON/)],
    ]);
  });

  it("accepts an array element with its trailing comma on a line of its own", async () => {
    expect(await parseSummary(`${line(event("a"))},\n`)).toEqual([["event", 1, "a"]]);
  });
});

describe("broken multi-line documents", () => {
  it("reports a pretty event cut inside a string at its first line, and parses what follows", async () => {
    expect(await parseSummary(fixture("truncated-pretty.json"))).toEqual([
      ["invalid", 1, "not JSON: line break inside a string at line 10"],
      ["event", 11, "after-1"],
      ["event", 12, "after-2"],
      ["event", 13, "after-3"],
    ]);
  });

  it("reports a pretty event cut between lines when the next document starts in column 0", async () => {
    const cut = pretty(event("cut")).split("\n").slice(0, 9).join("\n"); // ends with `"user": {`
    const text = `${cut}\n${line(event("a"))}\n${pretty(event("b"))}\n`;
    expect(await parseSummary(text)).toEqual([
      ["invalid", 1, "not JSON: document not closed before line 10"],
      ["event", 10, "a"],
      ["event", 11, "b"],
    ]);
  });

  it("does not let a cut document swallow a value-shaped next document", async () => {
    // Cut right after `"groups": [`, where an object would be a valid array element.
    const lines = pretty(event("cut")).split("\n");
    const groups = lines.findIndex((l) => l.includes('"groups"'));
    const text = `${lines.slice(0, groups + 1).join("\n")}\n${pretty(event("next"))}\n`;
    expect(await parseSummary(text)).toEqual([
      ["invalid", 1, `not JSON: document not closed before line ${groups + 2}`],
      ["event", groups + 2, "next"],
    ]);
  });

  it("reports klog lines that follow a cut document as klog lines", async () => {
    const cut = pretty(event("cut")).split("\n").slice(0, 5).join("\n");
    const text = `${cut}\nI0510 12:55:40.101203       1 options.go:221] external host was not specified\n${line(event("a"))}\n`;
    expect(await parseSummary(text)).toEqual([
      ["invalid", 1, "not JSON: unexpected \"I\" where a key belongs at line 6"],
      ["invalid", 6, "not JSON (klog line)"],
      ["event", 7, "a"],
    ]);
  });

  it("reports a document cut by the end of input", async () => {
    const cut = pretty(event("cut")).split("\n").slice(0, 12).join("\n");
    expect(await parseSummary(`${line(event("a"))}\n${cut}\n`)).toEqual([
      ["event", 1, "a"],
      ["invalid", 2, "not JSON: document not closed at end of input"],
    ]);
  });

  it("reports a syntax error inside a pretty document once, skipping its remaining lines", async () => {
    const lines = pretty(event("bad")).split("\n");
    lines[4] = `${lines[4]!.replace(/,$/, "")}`; // drop a comma: the next key is unexpected
    const text = `${lines.join("\n")}\n${pretty(event("good"))}\n`;
    expect(await parseSummary(text)).toEqual([
      ["invalid", 1, `not JSON: unexpected "\\"" at line 6; skipped to line ${lines.length}`],
      ["event", lines.length + 1, "good"],
    ]);
  });

  it("reports a bad element of a pretty array at the element's line and keeps the ones before", async () => {
    const good = pretty(event("ok")).split("\n").map((l) => `  ${l}`).join("\n");
    const bad = good.replace('"verb": "get"', '"verb": get');
    const text = `[\n${good},\n${bad},\n${good}\n]\n${line(event("after"))}\n`;
    const elementLines = good.split("\n").length;
    const summary = await parseSummary(text);
    expect(summary[0]).toEqual(["event", 2, "ok"]);
    expect(summary[1]).toEqual(["invalid", 2 + elementLines, expect.stringMatching(/^not JSON: unexpected "g" at line \d+; skipped to line \d+$/)]);
    expect(summary.at(-1)).toEqual(["event", 3 + 3 * elementLines, "after"]);
    expect(summary).toHaveLength(3);
  });

  it("reports an array missing its closing bracket after emitting its elements", async () => {
    expect(await parseSummary(`[\n  ${line(event("a"))},\n  ${line(event("b"))}\n`)).toEqual([
      ["event", 2, "a"],
      ["event", 3, "b"],
      ["invalid", 1, "not JSON: document not closed at end of input"],
    ]);
  });
});

describe("size limits", () => {
  const limit = { maxRecordBytes: 1024 };
  const big = event("big", { requestObject: { data: "x".repeat(2000) } });
  // Over the limit in total, but every line of its pretty form is short.
  const wide = event("wide", { requestObject: { data: Array.from({ length: 100 }, (_, i) => `value-${i}`) } });

  it("reports an over-size line by its number and parses the next ones", async () => {
    const text = [line(event("a")), line(big), line(event("b"))].join("\n");
    expect(await parseSummary(text, limit)).toEqual([["event", 1, "a"], ["invalid", 2, "line exceeds 1 KiB"], ["event", 3, "b"]]);
    expect(await parseSummary(text, { ...limit, chunkSize: 100 })).toEqual([["event", 1, "a"], ["invalid", 2, "line exceeds 1 KiB"], ["event", 3, "b"]]);
  });

  it("says 32 MiB by default", async () => {
    const { formatBytes } = await import("@/lib/ingest/not-json");
    expect(`line exceeds ${formatBytes(32 * 1024 * 1024)}`).toBe("line exceeds 32 MiB");
  });

  it("reports an over-size pretty document once and keeps going", async () => {
    const text = `${pretty(wide)}\n${line(event("after"))}\n`;
    const after = pretty(wide).split("\n").length + 1;
    expect(await parseSummary(text, limit)).toEqual([["invalid", 1, "JSON document exceeds 1 KiB"], ["event", after, "after"]]);
  });

  it("reports an over-size element of a streamed array and emits the others", async () => {
    const element = pretty(wide);
    const text = `{"kind":"EventList","items":[\n${line(event("a"))},\n${element},\n${line(event("b"))}\n]}\n`;
    expect(await parseSummary(text, { maxRecordBytes: 1200 })).toEqual([
      ["event", 2, "a"],
      ["invalid", 3, "JSON document exceeds 1200 bytes"],
      ["event", 3 + element.split("\n").length, "b"],
    ]);
  });

  it("reads the items of a one-line EventList over the limit one by one, each with its own text", async () => {
    const items = Array.from({ length: 40 }, (_, i) => event(`l${i}`));
    const list = JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items });
    expect(list.length).toBeGreaterThan(10 * 1024);
    const text = `${line(event("before"))}\n${list}\n${line(event("after"))}\n`;
    for (const chunkSize of [undefined, 333]) {
      const parsed = await parseAll(text, { ...limit, chunkSize });
      expect(summarize(parsed)).toEqual([["event", 1, "before"], ...items.map((e) => ["event", 2, e.auditID]), ["event", 3, "after"]]);
      // The stored raw form is the item exactly as it was sent.
      expect(parsed.slice(1, -1).map((i) => (i.kind === "event" ? i.raw : ""))).toEqual(items.map((e) => JSON.stringify(e)));
    }
  });

  it("reports a broken item of such a line, keeps the items before it and reads the next line", async () => {
    const items = Array.from({ length: 20 }, (_, i) => line(event(`k${i}`)));
    items[10] = '{"broken": x}';
    const text = `{"kind":"EventList","items":[${items.join(",")}]}\n${line(event("after"))}\n`;
    expect(await parseSummary(text, limit)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => ["event", 1, `k${i}`]),
      ["invalid", 1, 'not JSON: unexpected "x"; the rest of line 1 skipped'],
      ["event", 2, "after"],
    ]);
  });

  it("reports a line cut short, and keeps the items before", async () => {
    const list = JSON.stringify({ kind: "EventList", items: Array.from({ length: 20 }, (_, i) => event(`b${i}`)) });
    const cut = list.slice(0, Math.floor(list.length / 2));
    const parsed = summarize(await parseAll(`${cut}\n`, limit));
    expect(parsed.at(-1)).toEqual(["invalid", 1, expect.stringMatching(/^not JSON/)]);
    expect(parsed.slice(0, -1).every(([kind]) => kind === "event")).toBe(true);
    expect(parsed.length).toBeGreaterThan(5);
  });

  it("reports an over-size line inside a pretty document as the document being over-size", async () => {
    const text = `{\n  "auditID": "x",\n  "requestObject": ${line(big)}\n}\n${line(event("after"))}\n`;
    expect(await parseSummary(text, limit)).toEqual([
      ["invalid", 1, "JSON document exceeds 1 KiB; skipped to line 4"],
      ["event", 5, "after"],
    ]);
  });
});

describe("JSON that is not an audit event", () => {
  it("lists the missing fields and wrong values of {\"kind\":0}", async () => {
    expect(await parseSummary('{"kind":0}\n')).toEqual([
      ["invalid", 1, "JSON but not an audit Event: missing level, auditID, stage, requestURI, verb, user; kind: invalid value 0"],
    ]);
  });

  it("names a missing auditID", async () => {
    const { auditID: _auditID, ...noId } = event("x");
    expect(await parseSummary(line(noId))).toEqual([["invalid", 1, "JSON but not an audit Event: missing auditID"]]);
  });

  it("names missing fields together", async () => {
    const { auditID: _a, stage: _s, ...partial } = event("x");
    expect(await parseSummary(line(partial))).toEqual([["invalid", 1, "JSON but not an audit Event: missing auditID, stage"]]);
  });

  it("names an invalid enum value", async () => {
    expect(await parseSummary(line(event("x", { stage: "Foo" })))).toEqual([["invalid", 1, 'JSON but not an audit Event: stage: invalid value "Foo"']]);
  });

  it("names wrong types, empty IDs and foreign apiVersions", async () => {
    expect(await parseSummary(line(event("x", { user: "alice", responseStatus: { code: "200" } })))).toEqual([
      ["invalid", 1, "JSON but not an audit Event: user: expected object, got a string; responseStatus.code: expected number, got a string"],
    ]);
    expect(await parseSummary(line(event("")))).toEqual([["invalid", 1, "JSON but not an audit Event: auditID: empty"]]);
    // Every request has a verb (k8s-audit.md); an empty one used to be stored as a request with no verb.
    expect(await parseSummary(line(event("x", { verb: "" })))).toEqual([["invalid", 1, "JSON but not an audit Event: verb: empty"]]);
    expect(await parseSummary(line(event("x", { apiVersion: "v1" })))).toEqual([["invalid", 1, 'JSON but not an audit Event: apiVersion: invalid value "v1"']]);
  });

  it("names an event without any timestamp", async () => {
    const { requestReceivedTimestamp: _r, stageTimestamp: _s, ...noTime } = event("x");
    expect(await parseSummary(line(noTime))).toEqual([
      ["invalid", 1, "JSON but not an audit Event: missing requestReceivedTimestamp, stageTimestamp and timestamp"],
    ]);
  });

  it("caps the list of wrong values", async () => {
    const bad = event("x", { verb: 1, requestURI: 2, userAgent: 3, sourceIPs: 4, annotations: 5 });
    const [item] = await parseSummary(line(bad));
    expect(item?.[2]).toMatch(/; 2 more$/);
  });

  it("reports scalars and arrays of non-events", async () => {
    expect(await parseSummary('42\n"text"\nnull\ntrue\n[1, {"a": 1}]\n')).toEqual([
      ["invalid", 1, "JSON but not an audit Event: a number"],
      ["invalid", 2, "JSON but not an audit Event: a string"],
      ["invalid", 3, "JSON but not an audit Event: null"],
      ["invalid", 4, "JSON but not an audit Event: a boolean"],
      ["invalid", 5, "JSON but not an audit Event: a number"],
      ["invalid", 5, "JSON but not an audit Event: missing level, auditID, stage, requestURI, verb, user"],
    ]);
  });

  it("accepts what the schema accepts even when the fast check does not know it", async () => {
    // `null` where the schema says nullish takes the zod path and must still be an event.
    expect(await parseSummary(line(event("n", { objectRef: null, annotations: null, impersonatedUser: null })))).toEqual([["event", 1, "n"]]);
  });
});
