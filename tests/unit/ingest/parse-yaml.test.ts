import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { event, events, parseAll, parseSummary, problems } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../../fixtures");

describe("YAML audit events (kubectl -o yaml, test fixtures)", () => {
  it("reads one Event, an EventList and a sequence across --- documents, each at its own line", async () => {
    const text = fs.readFileSync(path.join(FIXTURES, "audit-events.yaml"), "utf8");
    const items = await parseAll(text);
    const found = events(items);
    expect(found).toHaveLength(7);
    // Every event starts on the line its YAML starts on.
    const lines = text.split("\n");
    for (const e of found) expect(lines[e.line - 1]).toMatch(/^(?:kind: Event|\s*- level: |- kind: Event)/);
    expect(found[0]?.event).toMatchObject({ auditID: "5f0c2a4e-0000-4000-9000-000000000001", stage: "RequestReceived", user: { username: "alice" } });
    // Timestamps stay strings (YAML 1.2's core schema), as the event schema wants them.
    expect(typeof found[0]?.event.requestReceivedTimestamp).toBe("string");
    // The raw form is the event as JSON: the export and the request page show JSON.
    expect(JSON.parse(found[0]!.raw)).toEqual(found[0]?.event);
  });

  it("reports a broken document once, at its line, and reads the documents after it", async () => {
    const text = fs.readFileSync(path.join(FIXTURES, "audit-events.yaml"), "utf8");
    const bad = problems(await parseAll(text));
    expect(bad).toHaveLength(1);
    const brokenAt = text.split("\n").findIndex((l) => l.startsWith("auditID: [unclosed")) + 1;
    expect(bad[0]?.line).toBeGreaterThanOrEqual(brokenAt - 1);
    expect(bad[0]?.line).toBeLessThanOrEqual(brokenAt + 1);
    expect(bad[0]?.reason).toMatch(/^not YAML: /);
  });

  it("gives the same result for any chunk size", async () => {
    const text = fs.readFileSync(path.join(FIXTURES, "audit-events.yaml"), "utf8");
    const whole = await parseSummary(text);
    for (const chunkSize of [1, 13, 500]) expect(await parseSummary(text, { chunkSize })).toEqual(whole);
  });

  it("says which document is not an event, naming YAML and the fields", async () => {
    const text = `${stringify(event("a"))}---\n${stringify({ kind: "Deployment", apiVersion: "apps/v1", metadata: { name: "web" } })}`;
    expect(await parseSummary(text)).toEqual([
      ["event", 1, "a"],
      ["invalid", expect.any(Number), expect.stringMatching(/^YAML but not an audit Event: missing /)],
    ]);
  });

  it("recognises a Kubernetes Event list (kubectl get events -o yaml) as such", async () => {
    const text = fs.readFileSync(path.join(FIXTURES, "kubectl-get-events.yaml"), "utf8");
    const items = await parseAll(text);
    expect(events(items)).toHaveLength(0);
    expect(problems(items).map((p) => p.reason)).toEqual(Array(3).fill(expect.stringMatching(/core\/v1 Event/)));
  });

  it("reads a document past the size limit as one problem, and the next one", async () => {
    const big = stringify({ ...event("big"), annotations: { note: "x".repeat(2000) } });
    const text = `${big}---\n${stringify(event("small"))}`;
    expect(await parseSummary(text, { maxRecordBytes: 1024 })).toEqual([
      ["invalid", 1, "YAML document exceeds 1 KiB"],
      ["event", expect.any(Number), "small"],
    ]);
  });

  it("refuses alias bombs rather than expanding them", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    const [item] = problems(await parseAll(bomb));
    expect(item?.reason).toMatch(/^not YAML: .*alias/i);
  });

  it("leaves JSON input to the JSON reader, prefixes and klog lines included", async () => {
    const text = [`audit.log: ${JSON.stringify(event("p"))}`, JSON.stringify(event("q"))].join("\n");
    expect(await parseSummary(text)).toEqual([["event", 1, "p"], ["event", 2, "q"]]);
  });

  it("reads YAML only where the caller allows it (a followed file is JSON lines)", async () => {
    const text = stringify(event("a"));
    const items = await parseAll(text, { yaml: false });
    expect(events(items)).toHaveLength(0);
  });
});

describe("lines that are not JSON, named", () => {
  it("calls CSV rows and markup what they are", async () => {
    const bad = problems(await parseAll("time,user,verb\n2024-05-10T14:00:00Z,alice,get\n<!DOCTYPE html>\n"));
    expect(bad.map((p) => p.reason)).toEqual(["not JSON (a CSV row)", "not JSON (a CSV row)", "not JSON (HTML or XML)"]);
  });
});
