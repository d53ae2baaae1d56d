import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseAuditText } from "@/lib/ingest/parse";
import { event, events, fixture, line, parseAll, parseSummary, problems } from "./helpers";

describe("JSON lines (the log backend)", () => {
  const input = [line(event("a")), line(event("b")), line(event("c"))].join("\n") + "\n";

  it("yields one event per line with its line number", async () => {
    expect(await parseSummary(input)).toEqual([["event", 1, "a"], ["event", 2, "b"], ["event", 3, "c"]]);
  });

  it("keeps the line itself as raw text", async () => {
    const items = events(await parseAll(input));
    expect(items.map((e) => e.raw)).toEqual(input.trimEnd().split("\n"));
  });

  it("keeps unknown fields of the event", async () => {
    const [parsed] = events(await parseAll(line(event("a", { authenticationMetadata: { impersonationConstraint: "x" } }))));
    expect(parsed?.event).toMatchObject({ auditID: "a", authenticationMetadata: { impersonationConstraint: "x" } });
  });

  it("handles CRLF line ends, with raw text free of the CR", async () => {
    const crlf = input.replaceAll("\n", "\r\n");
    const items = events(await parseAll(crlf));
    expect(items.map((e) => [e.line, e.event.auditID])).toEqual([[1, "a"], [2, "b"], [3, "c"]]);
    expect(items.every((e) => !e.raw.includes("\r"))).toBe(true);
  });

  it("handles a UTF-8 BOM, with raw text free of it", async () => {
    const items = events(await parseAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(input)])));
    expect(items.map((e) => e.event.auditID)).toEqual(["a", "b", "c"]);
    expect(items[0]?.raw.startsWith("{")).toBe(true);
  });

  it("reads the last line when it has no line break", async () => {
    expect(await parseSummary(input.trimEnd())).toEqual([["event", 1, "a"], ["event", 2, "b"], ["event", 3, "c"]]);
  });

  it("skips blank and whitespace-only lines without reporting them", async () => {
    const spaced = `\n${line(event("a"))}\n   \n\t\n${line(event("b"))}\n\n`;
    expect(await parseSummary(spaced)).toEqual([["event", 2, "a"], ["event", 5, "b"]]);
  });

  it("trims spaces around a JSON line, raw included", async () => {
    const [parsed] = events(await parseAll(`   ${line(event("a"))}  \n`));
    expect(parsed?.raw).toBe(line(event("a")));
  });

  it("decodes multi-byte UTF-8 split across chunks, fed byte by byte", async () => {
    const input = `${line(event("ü-1", { user: { username: "zoë 日本 😀" } }))}\n${line(event("ü-2"))}\n`;
    const items = events(await parseAll(input, { chunkSize: 1 }));
    expect(items.map((e) => e.event.auditID)).toEqual(["ü-1", "ü-2"]);
    expect(items[0]?.event.user.username).toBe("zoë 日本 😀");
  });

  it("gives the same result for any chunk size", async () => {
    const mixed = fixture("kubectl-logs-apiserver.log").toString() + fixture("jq-pretty.json").toString();
    const whole = await parseSummary(mixed);
    for (const chunkSize of [1, 7, 64, 1000]) expect(await parseSummary(mixed, { chunkSize })).toEqual(whole);
  });
});

describe("gzip input", () => {
  const input = [line(event("a")), line(event("b"))].join("\n") + "\n";

  it("parses a gzipped log", async () => {
    expect(await parseSummary(gzipSync(input))).toEqual([["event", 1, "a"], ["event", 2, "b"]]);
  });

  it("parses a gzipped log fed one byte at a time", async () => {
    expect(await parseSummary(gzipSync(input), { chunkSize: 1 })).toEqual([["event", 1, "a"], ["event", 2, "b"]]);
  });

  it("parses two concatenated gzip members, numbering lines across them", async () => {
    const two = Buffer.concat([gzipSync(input), gzipSync(`${line(event("c"))}\n`)]);
    expect(await parseSummary(two)).toEqual([["event", 1, "a"], ["event", 2, "b"], ["event", 3, "c"]]);
    expect(await parseSummary(two, { chunkSize: 1 })).toEqual([["event", 1, "a"], ["event", 2, "b"], ["event", 3, "c"]]);
  });

  it("parses a gzipped pretty-printed EventList", async () => {
    expect(await parseSummary(gzipSync(fixture("eventlist-pretty.json")), { chunkSize: 100 })).toEqual([
      ["event", 6, "wh-1"], ["event", 40, "wh-2"], ["event", 74, "wh-3"],
    ]);
  });
});

describe("older and trimmed serialisations", () => {
  it("accepts a v1beta1 event that has only `timestamp`", async () => {
    const old = {
      kind: "Event", apiVersion: "audit.k8s.io/v1beta1", metadata: { creationTimestamp: "2017-09-11T19:55:05Z" },
      level: "Metadata", timestamp: "2017-09-11T19:55:05Z", auditID: "033d17af-082d-4b24-aa22-627752e83d71",
      stage: "ResponseComplete", requestURI: "/api/v1/namespaces/default/pods", verb: "list",
      user: { username: "system:admin", groups: ["system:masters", "system:authenticated"] },
      impersonatedUser: { username: "bob", groups: ["system:authenticated"] }, sourceIPs: ["::1"],
      objectRef: { resource: "pods", namespace: "default", apiVersion: "v1" },
      responseStatus: { metadata: {}, status: "Failure", reason: "Forbidden", code: 403 },
    };
    const [parsed] = events(await parseAll(line(old)));
    expect(parsed?.event).toMatchObject({ apiVersion: "audit.k8s.io/v1beta1", timestamp: "2017-09-11T19:55:05Z" });
  });

  it("accepts events without kind and apiVersion (Falco traces, EventList items)", async () => {
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = event("bare");
    expect(await parseSummary(line(bare))).toEqual([["event", 1, "bare"]]);
  });
});

describe("EventList (the webhook backend)", () => {
  it("reads a pretty-printed EventList file, each item at the line where it starts", async () => {
    const items = await parseAll(fixture("eventlist-pretty.json"));
    expect(problems(items)).toEqual([]);
    expect(events(items).map((e) => [e.line, e.event.auditID, e.event.verb])).toEqual([
      [6, "wh-1", "get"], [40, "wh-2", "list"], [74, "wh-3", "delete"],
    ]);
  });

  it("stores JSON.stringify of each item from a multi-line document as raw", async () => {
    const [first] = events(await parseAll(fixture("eventlist-pretty.json")));
    expect(first?.raw).toBe(JSON.stringify(JSON.parse(fixture("eventlist-pretty.json").toString()).items[0]));
  });

  it("reads one EventList per line; items share their line", async () => {
    expect(await parseSummary(fixture("eventlists.jsonl"))).toEqual([
      ["event", 1, "b0-0"], ["event", 1, "b0-1"], ["event", 2, "b1-0"], ["event", 2, "b1-1"], ["event", 3, "b2-0"], ["event", 3, "b2-1"],
    ]);
  });

  it("stores JSON.stringify of each item of a one-line EventList as raw", async () => {
    const items = events(await parseAll(fixture("eventlists.jsonl")));
    expect(JSON.parse(items[1]!.raw)).toEqual(items[1]!.event);
    expect(items[1]!.raw).not.toContain("EventList");
  });

  it("reads an EventList whose items are one per line", async () => {
    const input = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[\n${line(event("x"))},\n${line(event("y"))}\n]}\n`;
    const items = events(await parseAll(input));
    expect(items.map((e) => [e.line, e.event.auditID])).toEqual([[2, "x"], [3, "y"]]);
    expect(items[0]?.raw).toBe(line(event("x")));
  });

  it("yields nothing, and no problem, for an empty EventList", async () => {
    expect(await parseSummary('{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[]}\n')).toEqual([]);
    expect(await parseSummary('{\n  "kind": "EventList",\n  "items": []\n}\n')).toEqual([]);
  });
});

describe("pretty-printed documents", () => {
  it("reads one pretty-printed event", async () => {
    const text = JSON.stringify(event("pretty"), null, 2);
    const items = events(await parseAll(`${text}\n`));
    expect(items.map((e) => [e.line, e.event.auditID])).toEqual([[1, "pretty"]]);
    expect(items[0]?.raw).toBe(line(event("pretty")));
  });

  it("reads a pretty-printed event without a final line break", async () => {
    expect(await parseSummary(JSON.stringify(event("p"), null, 2))).toEqual([["event", 1, "p"]]);
  });

  it("reads `jq . audit.log` output: pretty events back to back", async () => {
    expect(await parseSummary(fixture("jq-pretty.json"))).toEqual([["event", 1, "jq-0"], ["event", 37, "jq-1"], ["event", 73, "jq-2"]]);
  });

  it("reads pretty events separated by blank lines and CRLF", async () => {
    const text = [JSON.stringify(event("a"), null, 1), "", JSON.stringify(event("b"), null, "\t")].join("\n").replaceAll("\n", "\r\n");
    expect(await parseSummary(text)).toEqual([["event", 1, "a"], ["event", 38, "b"]]);
  });

  it("reads a pretty JSON array element by element", async () => {
    expect(await parseSummary(fixture("array-pretty.json"))).toEqual([["event", 2, "arr-1"], ["event", 38, "arr-2"], ["event", 74, "arr-3"]]);
  });

  it("reads a JSON array on one line", async () => {
    expect(await parseSummary(`[${line(event("a"))},${line(event("b"))}]\n`)).toEqual([["event", 1, "a"], ["event", 1, "b"]]);
  });

  it("reads a JSON array with one element per line", async () => {
    expect(await parseSummary(`[\n${line(event("a"))},\n${line(event("b"))}\n]\n`)).toEqual([["event", 2, "a"], ["event", 3, "b"]]);
  });

  it("reads several documents and arrays on one line", async () => {
    expect(await parseSummary(`${line(event("a"))} ${line(event("b"))}\n[${line(event("c"))}] [\n${line(event("d"))}]\n`)).toEqual([
      ["event", 1, "a"], ["event", 1, "b"], ["event", 2, "c"], ["event", 3, "d"],
    ]);
  });

  it("keeps braces, brackets and escaped quotes inside strings out of the structure", async () => {
    const tricky = event("tricky", {
      annotations: { "note": 'a "quoted" {brace} [bracket] \\ backslash \\"', "k8s.io/x": "}]" },
      requestObject: { data: { "key{": "]}\\", empty: "", nested: [[], {}, [{}]] }, n: -1.5e3, t: true, f: false, z: null },
    });
    const items = events(await parseAll(`[\n${JSON.stringify(tricky, null, 2)}\n]\n`));
    expect(items.map((e) => e.event)).toEqual([tricky]);
  });

  it("reads the empty array and empty object documents without problems or events", async () => {
    expect(await parseSummary("[\n]\n")).toEqual([]);
    expect(await parseSummary("[]\n")).toEqual([]);
  });
});

describe("parseAuditText", () => {
  it("parses a whole text in memory", async () => {
    const items = await parseAuditText(`${line(event("a"))}\nnot json\n`);
    expect(items).toEqual([
      expect.objectContaining({ kind: "event", line: 1 }),
      { kind: "invalid", line: 2, reason: expect.stringMatching(/^not JSON: /) },
    ]);
  });
});
