import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { noEventsCause, noEventsVerdict, noEventsWarning } from "@/lib/ingest/no-events";
import { ingestStream } from "@/lib/ingest/pipeline";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { listRunsFrom } from "@/lib/store/sqlite/runs";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";

const FIXTURES = path.resolve(__dirname, "../../fixtures");

async function causeOf(text: string) {
  const { db } = tempDb();
  const summary = await ingestStream(sqliteIngestTarget(db), Readable.from([Buffer.from(text)]), { cluster: "c", source: "upload", filename: "f" });
  return { summary, cause: noEventsWarning(summary), db };
}

describe("a file with no valid event: the likely cause", () => {
  it("names a Kubernetes Event list, keeping the run's counts", async () => {
    const { summary, cause, db } = await causeOf(fs.readFileSync(path.join(FIXTURES, "kubectl-get-events.yaml"), "utf8"));
    expect(summary).toMatchObject({ events: 0, invalid: 3 });
    expect(cause).toMatch(/^no audit events: this looks like a Kubernetes Event list \(core\/v1 Events/);
    const [run] = listRunsFrom(db, 10);
    expect(run).toMatchObject({ status: "done", events: 0, invalid: 3 });
    expect(`no audit events: ${noEventsCause(run!)}`).toBe(cause);
    expect(noEventsVerdict(run!)?.label).toBe("a Kubernetes Event list");
  });

  it("names YAML, CSV, klog, markup and JSON that is not events", async () => {
    expect((await causeOf("kind: Deployment\napiVersion: apps/v1\nmetadata:\n  name: web\n")).cause).toBe("no audit events: this looks like YAML, but not audit events");
    expect((await causeOf("time,user,verb\n1,alice,get\n2,bob,list\n")).cause).toMatch(/this looks like CSV/);
    expect((await causeOf("I0510 14:01:23.587646       1 controller.go:102] started\n")).cause).toMatch(/klog/);
    expect((await causeOf("<html><body>Sign in</body></html>\n")).cause).toMatch(/HTML or XML/);
    expect((await causeOf('{"hello":"world"}\n')).cause).toMatch(/this is JSON, but not audit events \(line 1: JSON but not an audit Event: missing/);
  });

  it("says so for an empty file, and nothing for a run that read an event", async () => {
    expect((await causeOf("\n\n")).cause).toBe("no audit events: the file is empty or holds only blank lines");
    expect((await causeOf(jsonLines([makeEvent({ auditID: "x" })]) + "a,b,c\n")).cause).toBeNull();
  });

  it("goes by the most frequent reason, not by one stray line", () => {
    const errors = [
      { line: 1, reason: "not JSON (klog line)" },
      { line: 2, reason: "not JSON (a CSV row)" },
      { line: 3, reason: "not JSON (a CSV row)" },
    ];
    expect(noEventsCause({ events: 0, invalid: 3, errors })).toBe("this looks like CSV, not audit events");
  });
});
