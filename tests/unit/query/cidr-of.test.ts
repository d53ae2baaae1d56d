import { describe, expect, it } from "vitest";
import { cidrOf, inCidr } from "@/lib/query/cidr";

describe("cidrOf", () => {
  it("keeps a network and makes an address its own /32 or /128", () => {
    expect(cidrOf("10.0.0.0/8")).toBe("10.0.0.0/8");
    expect(cidrOf("192.168.1.5")).toBe("192.168.1.5/32");
    expect(cidrOf("fd00::/8")).toBe("fd00::/8");
    expect(cidrOf("::1")).toBe("::1/128");
    expect(inCidr("192.168.1.5", cidrOf("192.168.1.5")!)).toBe(true);
  });

  it.each(["intranet", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "010.0.0.1", "fe80::1%eth0", "10.0.0.0/8/8", ""])("refuses %j", (text) => {
    expect(cidrOf(text)).toBeNull();
  });
});
