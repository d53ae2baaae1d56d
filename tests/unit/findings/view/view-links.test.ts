import { describe, expect, it } from "vitest";
import { severityCounts } from "@/lib/findings/view";
import { keyLabel } from "@/lib/findings/view-detail";
import { attackUrl, findingsUrl, ruleDashboardUrl, rulePageUrl } from "@/lib/findings/view-links";
import { parseQuery } from "@/lib/query/parse";

describe("links from a finding", () => {
  it("opens the dashboard on exactly the rule's requests within the view, as a canonical link", () => {
    expect(ruleDashboardUrl({}, "k8s.pod-exec")).toBe("/?q=rule%3Ak8s.pod-exec");
    const url = ruleDashboardUrl({ range: "24h", q: "ns:prod", verb: ["create"] }, "k8s.pod-exec");
    const params = new URLSearchParams(url.slice(2));
    expect([...params.keys()]).toEqual(["q", "range", "verb"]);
    expect(params.get("q")).toBe("ns:prod rule:k8s.pod-exec");
  });

  it("keeps a view's OR together, so the rule narrows all of it", () => {
    const q = new URLSearchParams(ruleDashboardUrl({ q: "user:alice OR user:bob" }, "k8s.secret-read").slice(2)).get("q")!;
    expect(q).toBe("(user:alice OR user:bob) rule:k8s.secret-read");
    expect(() => parseQuery(q)).not.toThrow();
  });

  it("keeps the view's filter on the way to the Findings page and a rule's page", () => {
    expect(findingsUrl({})).toBe("/findings");
    expect(findingsUrl({ range: "1h", noise: "hide" })).toBe("/findings?noise=hide&range=1h");
    expect(rulePageUrl({ range: "1h" }, "k8s.pod-exec")).toBe("/findings/k8s.pod-exec?range=1h");
    expect(rulePageUrl({ range: "1h" }, "k8s.pod-exec", { limit: "20", cursor: "abc" })).toBe("/findings/k8s.pod-exec?cursor=abc&limit=20&range=1h");
  });

  it("links ATT&CK techniques and sub-techniques to their pages", () => {
    expect(attackUrl("T1609")).toBe("https://attack.mitre.org/techniques/T1609/");
    expect(attackUrl("T1552.007")).toBe("https://attack.mitre.org/techniques/T1552/007/");
  });
});

describe("the dashboard strip's counts", () => {
  it("counts rules with hits per severity, most severe first, leaving out rules no longer loaded", () => {
    expect(severityCounts([{ severity: "high" }, { severity: "critical" }, { severity: "high" }, { severity: null }, { severity: "low" }])).toEqual([
      { severity: "critical", rules: 1 },
      { severity: "high", rules: 2 },
      { severity: "low", rules: 1 },
    ]);
    expect(severityCounts([])).toEqual([]);
  });
});

describe("a correlation key in words", () => {
  it("names each value by its field", () => {
    expect(keyLabel(["user", "ip"], '["alice","10.0.0.5"]')).toBe("user alice · ip 10.0.0.5");
    expect(keyLabel(["user", "as"], '["alice",null]')).toBe("user alice · as (none)");
  });
  it("has nothing to say of an unkeyed rule, and shows an unexpected key as it is", () => {
    expect(keyLabel([], "[]")).toBeNull();
    expect(keyLabel(["user"], null)).toBeNull();
    expect(keyLabel(["user"], "not json")).toBe("not json");
  });
});
