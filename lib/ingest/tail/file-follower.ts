import "server-only";
import { hash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { IngestTarget } from "@/lib/store/ingest-target";
import type { LiveRun } from "../live-run";
import { MAX_RECORD_BYTES } from "../lines";
import { parseAuditStream } from "../parse";
import type { ParsedItem } from "../types";
import type { TailStatus } from "./status";
import { formatMicros, parseMicros } from "@/lib/time/micros";

const HEAD_BYTES = 1024;
const READ_BYTES = 4 * 1024 * 1024;

export type FollowerStatus = TailStatus;

type OpenFile = { handle: fs.FileHandle; dev: number; ino: number; head: string };

async function headDigest(handle: fs.FileHandle, length?: number): Promise<string> {
  const want = length ?? Math.min((await handle.stat()).size, HEAD_BYTES);
  const buf = Buffer.alloc(want);
  const { bytesRead } = await handle.read(buf, 0, want, 0);
  return `${bytesRead}:${hash("sha1", buf.subarray(0, bytesRead), "hex")}`;
}

async function sameHead(handle: fs.FileHandle, head: string): Promise<boolean> {
  const length = Number(head.split(":")[0]);
  return (await headDigest(handle, length)) === head;
}

function newestEventTime(items: ParsedItem[]): string | null {
  let newest = NaN;
  for (const item of items) {
    if (item.kind !== "event") continue;
    const t = parseMicros(item.event.stageTimestamp ?? item.event.timestamp ?? item.event.requestReceivedTimestamp ?? "");
    if (!Number.isNaN(t) && (Number.isNaN(newest) || t > newest)) newest = t;
  }
  return Number.isNaN(newest) ? null : formatMicros(newest);
}

/**
 * Follows one audit log file the way kube-apiserver writes it: appends, rotation by rename (the old
 * file is read to its end, then the new one from its start), and copytruncate (a file that shrinks is
 * read again from 0). Only complete lines are consumed; the offset saved after each delivery always
 * sits on a line boundary, so a restart resumes exactly there.
 */
export class FileFollower {
  private file: OpenFile | null = null;
  private offset = 0;
  private current: Promise<void> | null = null;
  private stopped = false;
  private resumed = false;
  readonly status: FollowerStatus;

  constructor(
    private readonly target: IngestTarget,
    readonly path: string,
    private readonly run: LiveRun,
  ) {
    this.status = {
      path,
      state: "starting",
      offset: 0,
      size: null,
      bytesRead: 0,
      events: 0,
      added: 0,
      lastEventAt: null,
      lastError: null,
      lastErrorAt: null,
      runId: run.runId,
    };
  }

  /** Reads whatever is new; safe to call on a timer (overlapping calls are skipped). */
  async poll(): Promise<void> {
    if (this.current || this.stopped) return;
    this.current = this.pollOnce();
    try {
      await this.current;
    } finally {
      this.current = null;
    }
  }

  /**
   * Ends following once the delivery being stored, if any, is stored and its position saved: the rest of
   * a backlog waits for the next start, which resumes from that position.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.current;
    await this.close();
  }

  private async pollOnce(): Promise<void> {
    try {
      // Until the saved position has been applied once, every poll tries again: reading from 0 instead
      // would re-scan the whole file (dedup would absorb it, but slowly).
      if (!this.resumed) {
        await this.resume();
        this.resumed = true;
      }
      await this.step();
    } catch (err) {
      this.fail(err);
    }
  }

  async close(): Promise<void> {
    await this.file?.handle.close();
    this.file = null;
  }

  private async step(): Promise<void> {
    const st = await fs.stat(this.path).catch((err: NodeJS.ErrnoException) => err);
    if (this.file) {
      const current = !(st instanceof Error) && st.dev === this.file.dev && st.ino === this.file.ino;
      if (current) {
        const size = (await this.file.handle.stat()).size;
        // copytruncate: the same file started over (it shrank, or its first bytes changed)
        if (size < this.offset || !(await sameHead(this.file.handle, this.file.head))) {
          this.offset = 0;
          this.file.head = await headDigest(this.file.handle);
        }
        await this.drain(false);
        this.status.state = "following";
        return;
      }
      // Renamed away (rotation) or deleted: the old file is complete, so read it to its very end.
      await this.drain(true);
      await this.close();
    }
    if (st instanceof Error) {
      this.status.state = "waiting";
      this.note(st.code === "ENOENT" ? `${this.path} does not exist (yet); retrying` : st.message);
      return;
    }
    if (!st.isFile()) throw new Error(`${this.path} is not a regular file`);
    await this.open(0);
    await this.drain(false);
    this.status.state = "following";
  }

  /** Picks up where the saved position says, including a rotation that happened while we were down. */
  private async resume(): Promise<void> {
    const saved = this.target.tailPosition(this.path);
    if (!saved) return;
    const st = await fs.stat(this.path).catch(() => null);
    if (st && st.dev === saved.dev && st.ino === saved.ino) {
      const handle = await fs.open(this.path, "r");
      if (await sameHead(handle, saved.head)) {
        this.file = { handle, dev: st.dev, ino: st.ino, head: saved.head };
        this.offset = st.size < saved.offset ? 0 : saved.offset;
        return;
      }
      await handle.close();
      return;
    }
    const rotated = await this.findByInode(saved.dev, saved.ino);
    if (!rotated) return;
    const handle = await fs.open(rotated, "r");
    if (!(await sameHead(handle, saved.head))) {
      await handle.close();
      return;
    }
    this.file = { handle, dev: saved.dev, ino: saved.ino, head: saved.head };
    this.offset = saved.offset;
    await this.drain(true);
    await this.close();
  }

  private async findByInode(dev: number, ino: number): Promise<string | null> {
    const dir = path.dirname(this.path);
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const candidate = path.join(dir, name);
      const st = await fs.stat(candidate).catch(() => null);
      if (st?.isFile() && st.dev === dev && st.ino === ino) return candidate;
    }
    return null;
  }

  private async open(offset: number): Promise<void> {
    const handle = await fs.open(this.path, "r");
    const st = await handle.stat();
    this.file = { handle, dev: st.dev, ino: st.ino, head: await headDigest(handle) };
    this.offset = offset;
    this.save();
  }

  /** Delivers the complete lines past the offset; `final` also takes a last line with no newline. */
  private async drain(final: boolean): Promise<void> {
    const file = this.file!;
    let want = READ_BYTES;
    for (;;) {
      if (this.stopped) return;
      const size = (await file.handle.stat()).size;
      this.status.size = size;
      if (size <= this.offset) return;
      const buf = Buffer.alloc(Math.min(size - this.offset, want));
      const { bytesRead } = await file.handle.read(buf, 0, buf.length, this.offset);
      const chunk = buf.subarray(0, bytesRead);
      const atEnd = this.offset + bytesRead >= size;
      const lastNewline = chunk.lastIndexOf(0x0a);
      let take: number;
      if (lastNewline >= 0) take = lastNewline + 1;
      else if (final && atEnd) take = bytesRead;
      else if (!atEnd && want <= MAX_RECORD_BYTES) {
        want *= 4; // a line longer than one read: read more of it at once
        continue;
      } else if (!atEnd) take = bytesRead; // longer than any record may be: the parser reports it
      else return; // a partial last line: wait until it is complete
      await this.deliver(chunk.subarray(0, take));
      want = READ_BYTES;
    }
  }

  private async deliver(bytes: Buffer): Promise<void> {
    const items: ParsedItem[] = [];
    // Read as JSON only: each delivery is parsed by itself, and a YAML document may span two of them.
    for await (const batch of parseAuditStream((async function* () {
      yield bytes;
    })(), { yaml: false })) items.push(...batch);
    const summary = this.run.deliver(items, bytes.length);
    this.offset += bytes.length;
    this.status.offset = this.offset;
    this.status.bytesRead += bytes.length;
    this.status.events += summary.events;
    this.status.added += summary.added;
    this.status.lastEventAt = newestEventTime(items) ?? this.status.lastEventAt;
    const file = this.file!;
    if (Number(file.head.split(":")[0]) < HEAD_BYTES) file.head = await headDigest(file.handle);
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    this.target.saveTailPosition({ path: this.path, dev: this.file.dev, ino: this.file.ino, head: this.file.head, offset: this.offset });
  }

  private note(message: string): void {
    this.status.lastError = message;
    this.status.lastErrorAt = new Date().toISOString();
  }

  private fail(err: unknown): void {
    this.status.state = "error";
    this.note(err instanceof Error ? err.message : String(err));
  }
}
