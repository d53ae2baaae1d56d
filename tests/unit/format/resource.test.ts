import { describe, expect, it } from "vitest";
import { formatActor } from "@/lib/format/actor";
import { formatGroupVersion, formatObject, formatResource } from "@/lib/format/resource";

describe("formatActor", () => {
  it("shows impersonation next to the authenticated user", () => {
    expect(formatActor("alice", "bob")).toBe("bob via alice");
    expect(formatActor("alice", null)).toBe("alice");
    expect(formatActor(null, null)).toBe("(anonymous)");
  });
});

describe("resource labels", () => {
  it("joins resource and subresource", () => {
    expect(formatResource("pods", "log")).toBe("pods/log");
    expect(formatResource("pods", null)).toBe("pods");
    expect(formatResource(null, null)).toBeNull();
  });
  it("prints the core group as its version only", () => {
    expect(formatGroupVersion("", "v1")).toBe("v1");
    expect(formatGroupVersion(null, null)).toBe("core");
    expect(formatGroupVersion("apps", "v1")).toBe("apps/v1");
  });
  it("joins namespace and name", () => {
    expect(formatObject("kube-system", "coredns")).toBe("kube-system/coredns");
    expect(formatObject(null, "node-1")).toBe("node-1");
    expect(formatObject("default", null)).toBe("default");
    expect(formatObject(null, null)).toBeNull();
  });
});
