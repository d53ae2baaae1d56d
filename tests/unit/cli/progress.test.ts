import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestCommand, type CommandIo } from "@/lib/cli/ingest-command";
import { ProgressLine } from "@/lib/cli/progress";
import type { Terminal } from "@/lib/cli/terminal";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDir } from "../helpers/temp-dir";

const ROOT = path.resolve(__dirname, "../../..");

/** Both streams of a command as one transcript, in the order written, as a terminal would show them. */
function recorder(terminal: Terminal) {
  const writes: { stream: "stdout" | "stderr"; text: string }[] = [];
  const stream = (name: "stdout" | "stderr") => ({
    write(text: string, callback?: (err?: Error | null) => void) {
      writes.push({ stream: name, text });
      // Like a pipe to another thread: the write completes later.
      if (callback) setTimeout(() => callback(null), 5);
      return true;
    },
  });
  const io: CommandIo = { stdout: stream("stdout"), stderr: stream("stderr"), terminal };
  return { io, writes, screen: () => writes.map((w) => w.text).join("") };
}

describe("the progress line", () => {
  it("is redrawn in place on a terminal and ended by a line break", async () => {
    const { io, writes } = recorder({ isTTY: true, columns: 80 });
    const line = new ProgressLine(io.stderr, io.terminal);
    line.draw("a.log:  50% 1.0 MB");
    line.draw("a.log: 100% 2.0 MB");
    await line.end();
    expect(writes.map((w) => w.text)).toEqual(["\ra.log:  50% 1.0 MB\u001b[K", "\ra.log: 100% 2.0 MB\u001b[K", "\n"]);
  });

  it("is cut to the terminal's width, so that it never wraps", () => {
    const { io, writes } = recorder({ isTTY: true, columns: 20 });
    new ProgressLine(io.stderr, io.terminal).draw("x".repeat(50));
    expect(writes[0]?.text).toBe(`\r${"x".repeat(18)}…\u001b[K`);
  });

  it("prints nothing when standard error is not a terminal", async () => {
    const { io, writes } = recorder({ isTTY: false, columns: null });
    const line = new ProgressLine(io.stderr, io.terminal);
    line.draw("a.log: 100%");
    await line.end();
    expect(writes).toEqual([]);
  });
});

describe("auditlens ingest's output", () => {
  function logFile() {
    const dir = tempDir();
    const log = path.join(dir, "audit.log");
    fs.writeFileSync(log, jsonLines([makeEvent({ auditID: "p-1" }), makeEvent({ auditID: "p-2" })]));
    return { log, db: path.join(dir, "store.db") };
  }

  it("on a terminal, ends the progress line before the summary", async () => {
    const { log, db } = logFile();
    const { io, writes, screen } = recorder({ isTTY: true, columns: 120 });
    expect(await ingestCommand(["--db", db, "--cluster", "tty", log], io)).toBe(0);
    const summaryAt = writes.findIndex((w) => w.stream === "stdout");
    expect(writes.slice(0, summaryAt).some((w) => w.text.startsWith("\r") && w.text.includes("2 events"))).toBe(true);
    expect(writes[summaryAt - 1]).toEqual({ stream: "stderr", text: "\n" });
    // What the terminal shows: the last progress state on its own line, the summary on the next.
    expect(screen()).toMatch(/2 events \(\d+\/s\), 2 added, 0 invalid\u001b\[K\n[^\r\n]*audit\.log: run \d+/);
  });

  it("elsewhere, prints the summary alone", async () => {
    const { log, db } = logFile();
    const { io, writes } = recorder({ isTTY: false, columns: null });
    expect(await ingestCommand(["--db", db, log], io)).toBe(0);
    expect(writes.some((w) => w.text.includes("\r"))).toBe(false);
    expect(writes.filter((w) => w.stream === "stdout").map((w) => w.text).join("")).toMatch(/^.*audit\.log: run \d+ in [\d.]+ s\n {2}events 2 {2}added 2/);
  });

  it("warns when a file held no audit event", async () => {
    const dir = tempDir();
    const csv = path.join(dir, "export.csv");
    fs.writeFileSync(csv, "time,user,verb\n1,alice,get\n");
    const { io, writes } = recorder({ isTTY: false, columns: null });
    expect(await ingestCommand(["--db", path.join(dir, "store.db"), csv], io)).toBe(0);
    expect(writes.map((w) => w.text).join("")).toContain("  warning: no audit events: this looks like CSV, not audit events\n");
  });
});

describe("auditlens --help", () => {
  it("lists every command, every flag and AUDITLENS_DB", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "scripts/auditlens.mjs"), "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(0);
    for (const word of ["serve", "ingest", "redact", "compact", "user hash", "--cluster", "-c,", "--db", "--port", "--hostname", "--version", "AUDITLENS_DB"]) {
      expect(run.stdout).toContain(word);
    }
  });
});
