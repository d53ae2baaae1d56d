import { describe, expect, it } from "vitest";
import { canonicalContent, contentHash, contentHashOfBytes } from "@/lib/ingest/content-hash";
import { makeEvent } from "../helpers/events";

/** What Go's encoder writes for a value JSON.stringify writes as `text`. */
const goEscaped = (text: string) =>
  text.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\\b/g, "\\u0008").replace(/\\f/g, "\\u000c");

describe("content hash", () => {
  const event = makeEvent({ requestURI: "/api/v1/pods?limit=500&watch=true", userAgent: "a <b> \u2028 \b \f c" });
  const logLine = goEscaped(JSON.stringify(event)).replace(/\u2028/g, "\\u2028");
  const { kind: _k, apiVersion: _a, ...item } = event;
  const webhookItem = logLine.replace('{"kind":"Event","apiVersion":"audit.k8s.io/v1",', "{");

  it("is one hash for the log's line, the webhook's item and JSON.stringify of either", () => {
    const hashes = [logLine, webhookItem, JSON.stringify(event), JSON.stringify(item)].map(contentHash);
    expect(new Set(hashes).size).toBe(1);
    expect(canonicalContent(logLine)).toBe(JSON.stringify(item).slice(1));
  });

  it("is the same over the text and over its UTF-8 bytes", () => {
    for (const text of [logLine, webhookItem, JSON.stringify(event), '{"kind":"Event","apiVersion":"audit.k8s.io/v1","x":"ü"}']) {
      expect(contentHashOfBytes(Buffer.from(text))).toBe(contentHash(text));
    }
  });

  it("leaves an escaped backslash followed by u0026 as it is, and tells other content apart", () => {
    expect(canonicalContent('{"a":"\\\\u0026","b":"\\\\\\u0026"}')).toBe('"a":"\\\\u0026","b":"\\\\&"}');
    expect(contentHash(JSON.stringify(makeEvent({ auditID: "x", verb: "get" })))).not.toBe(contentHash(JSON.stringify(makeEvent({ auditID: "x", verb: "list" }))));
  });
});
