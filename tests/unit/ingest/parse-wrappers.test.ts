import { describe, expect, it } from "vitest";
import { event, events, fixture, line, parseAll, parseSummary, problems } from "./helpers";

describe("EKS (CloudWatch Logs)", () => {
  it("reads an `aws logs filter-log-events` export, each event from its message string", async () => {
    const items = await parseAll(fixture("eks-filter-log-events.json"));
    expect(problems(items)).toEqual([]);
    expect(events(items).map((e) => [e.line, e.event.auditID])).toEqual([[3, "eks-0"], [10, "eks-1"], [17, "eks-2"]]);
  });

  it("keeps the message string itself as raw text", async () => {
    const exported = JSON.parse(fixture("eks-filter-log-events.json").toString());
    const [first] = events(await parseAll(fixture("eks-filter-log-events.json")));
    expect(first?.raw).toBe(exported.events[0].message);
  });

  it("reads the same export on one line, and single CloudWatch records per line", async () => {
    const exported = JSON.parse(fixture("eks-filter-log-events.json").toString());
    expect(await parseSummary(`${line(exported)}\n`)).toEqual([["event", 1, "eks-0"], ["event", 1, "eks-1"], ["event", 1, "eks-2"]]);
    const records = exported.events.map((e: unknown) => line(e)).join("\n");
    expect(await parseSummary(records)).toEqual([["event", 1, "eks-0"], ["event", 2, "eks-1"], ["event", 3, "eks-2"]]);
  });

  it("reads a CloudWatch subscription payload ({logEvents:[{message}]})", async () => {
    const payload = {
      messageType: "DATA_MESSAGE", owner: "123456789012", logGroup: "/aws/eks/prod/cluster",
      logStream: "kube-apiserver-audit-0a1b", subscriptionFilters: ["auditlens"],
      logEvents: [
        { id: "1", timestamp: 1715345743591, message: line(event("sub-1")) },
        { id: "2", timestamp: 1715345743592, message: line(event("sub-2")) },
      ],
    };
    expect(await parseSummary(line(payload))).toEqual([["event", 1, "sub-1"], ["event", 1, "sub-2"]]);
    expect(await parseSummary(JSON.stringify(payload, null, 2))).toEqual([["event", 10, "sub-1"], ["event", 15, "sub-2"]]);
  });

  it("reports a CloudWatch message that is not an event, e.g. from an authenticator stream", async () => {
    const record = { timestamp: 1, message: 'time="2024-05-10T12:55:43Z" level=info msg="access granted"' };
    expect(await parseSummary(line(record))).toEqual([["invalid", 1, expect.stringMatching(/^not JSON: /)]]);
  });
});

describe("AKS (Azure diagnostic settings)", () => {
  it("reads {records:[…]} with properties.log as an object and as a string", async () => {
    const items = await parseAll(fixture("aks-records.json"));
    expect(problems(items)).toEqual([]);
    expect(events(items).map((e) => [e.line, e.event.auditID])).toEqual([[3, "aks-obj"], [49, "aks-str"]]);
  });

  it("stores the log string as raw, and JSON.stringify of the log object", async () => {
    const exported = JSON.parse(fixture("aks-records.json").toString());
    const [fromObject, fromString] = events(await parseAll(fixture("aks-records.json")));
    expect(fromObject?.raw).toBe(JSON.stringify(exported.records[0].properties.log));
    expect(fromString?.raw).toBe(exported.records[1].properties.log);
  });

  it("reads one diagnostic record per line", async () => {
    const exported = JSON.parse(fixture("aks-records.json").toString());
    const text = exported.records.map((r: unknown) => line(r)).join("\n");
    expect(await parseSummary(text)).toEqual([["event", 1, "aks-obj"], ["event", 2, "aks-str"]]);
  });

  it("yields nothing, and no problem, for {records:[]}", async () => {
    expect(await parseSummary('{"records":[]}\n')).toEqual([]);
    expect(await parseSummary('{\n  "records": []\n}\n')).toEqual([]);
  });

  it("reports the klog text of a kube-apiserver category record by what it is", async () => {
    const record = { category: "kube-apiserver", properties: { log: "I0510 12:55:40.101203       1 options.go:221] external host was not specified" } };
    expect(await parseSummary(line(record))).toEqual([["invalid", 1, "not JSON (klog line)"]]);
  });
});

describe("Fluent Bit / Fluentd / Docker json-file", () => {
  it("reads {log:'<event JSON>'} records, with a trailing newline in the string", async () => {
    const records = [
      { log: `${line(event("fb-1"))}\n`, stream: "stdout", time: "2024-05-10T12:55:43.591234567Z" },
      { log: line(event("fb-2")), kubernetes: { pod_name: "kube-apiserver-kind-control-plane", namespace_name: "kube-system" } },
    ];
    const items = events(await parseAll(records.map(line).join("\n")));
    expect(items.map((e) => [e.line, e.event.auditID])).toEqual([[1, "fb-1"], [2, "fb-2"]]);
    expect(items[0]?.raw).toBe(line(event("fb-1")));
  });

  it("reports a klog line wrapped in a log record", async () => {
    const record = { log: "W0510 12:55:43.590012       1 lease.go:265] Resetting endpoints\n", stream: "stderr" };
    expect(await parseSummary(line(record))).toEqual([["invalid", 1, "not JSON (klog line)"]]);
  });
});

describe("prefixed lines", () => {
  it("reads CRI container log lines, joins P(artial) pieces, reports klog", async () => {
    expect(await parseSummary(fixture("cri-container.log"))).toEqual([
      ["event", 1, "cri-1"], ["invalid", 2, "not JSON (klog line)"], ["event", 3, "cri-split"], ["event", 6, "cri-2"],
    ]);
  });

  it("stores the JSON after the CRI prefix as raw", async () => {
    const [first] = events(await parseAll(fixture("cri-container.log")));
    expect(first?.raw).toBe(fixture("cri-container.log").toString().split("\n")[0]!.replace(/^.*? stdout F /, ""));
  });

  it("reads an event after a timestamp or syslog prefix", async () => {
    const text = [
      `2024-05-10T12:55:43.587Z ${line(event("ts"))}`,
      `May 10 12:55:43 node-1 kube-apiserver[812]: ${line(event("syslog"))}`,
    ].join("\n");
    expect(await parseSummary(text)).toEqual([["event", 1, "ts"], ["event", 2, "syslog"]]);
  });

  it("reports a prefixed line whose JSON is broken with the JSON error", async () => {
    const text = `2024-05-10T12:55:43.587Z stdout F {"auditID": "x",\n2024-05-10T12:55:43.587Z {"auditID": }`;
    expect(await parseSummary(text)).toEqual([
      ["invalid", 1, expect.stringMatching(/^not JSON: /)],
      ["invalid", 2, expect.stringMatching(/^not JSON: Unexpected token/)],
    ]);
  });

  it("reports CRI partial pieces cut off by the end of input", async () => {
    const text = `2024-05-10T12:55:43.601Z stdout P {"kind":"Event",\n`;
    expect(await parseSummary(text)).toEqual([["invalid", 1, expect.stringMatching(/^not JSON: /)]]);
  });
});

describe("unwrapping limits", () => {
  it("reports wrappers nested deeper than any real export", async () => {
    let value: unknown = event("deep");
    for (let i = 0; i < 10; i++) value = { items: [value] };
    expect(await parseSummary(line(value))).toEqual([["invalid", 1, "JSON but not an audit Event: wrappers nested too deep"]]);
  });

  it("unwraps a realistic nesting: Azure records → log string → EventList", async () => {
    const eventList = { kind: "EventList", items: [event("n-1"), event("n-2")] };
    const record = { records: [{ category: "kube-audit", properties: { log: line(eventList) } }] };
    expect(await parseSummary(line(record))).toEqual([["event", 1, "n-1"], ["event", 1, "n-2"]]);
  });
});
