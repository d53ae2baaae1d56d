import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { isMarker, markerOf, mayHoldSecrets, mayRedact, redactEvent } from "@/lib/audit/redact";
import { makeEvent } from "../helpers/events";
import { SECRET_VALUES, secretEvents } from "../helpers/secret-events";

const SALT = "a".repeat(64);
type Json = Record<string, unknown>;

function redacted(name: string): Json {
  const event = secretEvents()[name]!;
  expect(mayHoldSecrets(JSON.stringify(event))).toBe(true);
  const out = redactEvent(event as Json, SALT);
  expect(out).not.toBeNull();
  return out!;
}

const leaks = (value: unknown) => Object.values(SECRET_VALUES).filter((s) => JSON.stringify(value).includes(s));
const get = (v: unknown, ...path: (string | number)[]): unknown => path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], v);

describe("redactEvent", () => {
  for (const name of Object.keys(secretEvents())) {
    it(`leaves no credential of the ${name} event readable`, () => {
      expect(leaks(redacted(name))).toEqual([]);
    });
  }

  it("keeps a Secret's key names and gives each value the salted marker of that value", () => {
    const e = redacted("create");
    expect(Object.keys(get(e, "requestObject", "data") as Json)).toEqual(["password", "api-key"]);
    expect(get(e, "requestObject", "data", "password")).toBe(markerOf(SALT, SECRET_VALUES.password));
    expect(get(e, "responseObject", "data", "password")).toBe(markerOf(SALT, SECRET_VALUES.password));
    expect(get(e, "requestObject", "metadata", "name")).toBe("db");
    expect(get(e, "requestObject", "type")).toBe("Opaque");
  });

  it("marks the same value the same way under one salt and differently under another", () => {
    const update = redacted("update");
    const create = redacted("create");
    // api-key did not change between create and update; password did.
    expect(get(update, "requestObject", "data", "api-key")).toBe(get(create, "requestObject", "data", "api-key"));
    expect(get(update, "requestObject", "data", "password")).not.toBe(get(create, "requestObject", "data", "password"));
    expect(markerOf("another salt", SECRET_VALUES.password)).not.toBe(markerOf(SALT, SECRET_VALUES.password));
  });

  it("redacts kubectl's last-applied copy and keeps it a JSON string of the object", () => {
    const e = redacted("create");
    const text = get(e, "requestObject", "metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration") as string;
    expect(text.endsWith("\n")).toBe(true);
    const copy = JSON.parse(text) as Json;
    expect(get(copy, "data", "password")).toBe(markerOf(SALT, SECRET_VALUES.lastApplied));
    expect(get(copy, "metadata", "name")).toBe("db");
  });

  it("redacts every patch type: merge, strategic merge (keeping directives), JSON patch ops and apply bodies", () => {
    expect(get(redacted("mergePatch"), "requestObject", "data", "password")).toBe(markerOf(SALT, SECRET_VALUES.patchMerge));
    const strategic = redacted("strategicPatch");
    expect(get(strategic, "requestObject", "data", "$patch")).toBe("replace");
    expect(isMarker(get(strategic, "requestObject", "data", "password"))).toBe(true);
    const ops = get(redacted("jsonPatch"), "requestObject") as Json[];
    expect(ops[0]).toEqual({ op: "replace", path: "/data/password", value: markerOf(SALT, SECRET_VALUES.patchJsonOp) });
    expect(ops[1]).toEqual({ op: "add", path: "/data", value: { "api-key": markerOf(SALT, SECRET_VALUES.patchJsonWhole) } });
    expect(ops[2]).toEqual({ op: "remove", path: "/data/old" });
    expect(ops[3]).toEqual({ op: "replace", path: "/metadata/labels/tier", value: "db" });
    const yaml = parseYaml(get(redacted("applyYaml"), "requestObject") as string) as Json;
    expect(get(yaml, "data", "password")).toBe(markerOf(SALT, SECRET_VALUES.applyYaml));
    expect(get(yaml, "metadata", "name")).toBe("db");
    expect(get(redacted("applyJson"), "requestObject", "data", "password")).toBe(markerOf(SALT, SECRET_VALUES.applyJson));
  });

  it("redacts token requests and reviews, and keeps the bearer scheme of authorization values", () => {
    expect(isMarker(get(redacted("tokenRequest"), "responseObject", "status", "token"))).toBe(true);
    // An empty token asks for one: it is not a credential, and stays as sent.
    expect(get(redacted("tokenRequest"), "requestObject", "status", "token")).toBe("");
    const review = redacted("tokenReview");
    expect(get(review, "requestObject", "spec", "token")).toBe(markerOf(SALT, SECRET_VALUES.reviewed));
    expect(get(review, "responseObject", "status", "authenticated")).toBe(true);
    const bearer = redacted("bearer");
    expect(get(bearer, "requestObject", "spec", "probe")).toBe(`curl -H "Authorization: Bearer ${markerOf(SALT, SECRET_VALUES.bearer)}" https://api`);
    expect(get(bearer, "requestObject", "spec", "headers", "Authorization")).toBe(markerOf(SALT, SECRET_VALUES.authKey));
    expect(get(bearer, "requestObject", "spec", "headers", "Accept")).toBe("application/json");
  });

  it("is idempotent: a redacted event has nothing left to redact", () => {
    for (const name of Object.keys(secretEvents())) expect(redactEvent(redacted(name), SALT)).toBeNull();
  });

  it("leaves events without credentials alone, and the input object unchanged", () => {
    const plain = makeEvent({ level: "RequestResponse", requestObject: { kind: "ConfigMap", data: { token: "not-a-secret-kind" } } });
    expect(redactEvent(plain as Json, SALT)).toBeNull();
    expect(mayHoldSecrets(JSON.stringify(makeEvent()))).toBe(false);
    const input = secretEvents().create;
    const before = JSON.stringify(input);
    redactEvent(input as Json, SALT);
    expect(JSON.stringify(input)).toBe(before);
  });

  it("walks events with bodies, and Metadata-level events only when they name a bearer token", () => {
    const metadata = makeEvent({ objectRef: { resource: "secrets", namespace: "prod", name: "db", apiVersion: "v1" } });
    expect(mayRedact(metadata as Json, JSON.stringify(metadata))).toBe(false);
    const create = secretEvents().create as Json;
    expect(mayRedact(create, JSON.stringify(create))).toBe(true);
    const leaky = makeEvent({ userAgent: "probe/1.0 Authorization: Bearer s3cr3t-t0ken" }) as Json;
    expect(mayRedact(leaky, JSON.stringify(leaky))).toBe(true);
    const out = redactEvent(leaky, SALT) as Json;
    expect(out.userAgent).toBe(`probe/1.0 Authorization: Bearer ${markerOf(SALT, "s3cr3t-t0ken")}`);
    expect(JSON.stringify(out)).not.toContain("s3cr3t-t0ken");
  });
});
