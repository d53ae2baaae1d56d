import { createReadStream, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { parseAuditStream } from "@/lib/ingest/parse";
import type { Filter } from "@/lib/query/filter";
import type { Db } from "@/lib/store/sqlite/db";
import { matchableRequests } from "@/lib/store/sqlite/matchable";
import { seedDifferentialHits } from "../../helpers/findings";
import { tempDb } from "../../helpers/temp-db";
import { writeEvents } from "../../helpers/write-events";
import { compare, type Disagreement } from "./compare";
import { coverageOf, fullCoverage, leads } from "./coverage";
import { QueryGenerator, random } from "./query-generator";
import { syntheticEvents } from "./synthetic-events";

const LEADS = leads();

/**
 * `runs` filters: each field of the query language, with each kind of value, leads a query in turn; every third filter also has
 * URL keys, every seventh only those; every fifth is read slowest first. Returns how many filters
 * selected something, and the first disagreements.
 */
function differential(db: Db, seed: number, runs: number): { selecting: number; disagreements: Disagreement[]; covered: Set<string> } {
  const stored = [...matchableRequests(db)];
  const gen = new QueryGenerator(stored.map((s) => s.request), random(seed));
  let selecting = 0;
  const disagreements: Disagreement[] = [];
  const covered = new Set<string>();
  let led = 0;
  for (let i = 0; i < runs; i++) {
    let filter: Filter;
    if (i % 7 === 6) filter = gen.urlKeys();
    else {
      const q = gen.query(LEADS[led++ % LEADS.length]!);
      filter = i % 3 === 2 ? { ...gen.urlKeys(), q } : { q };
    }
    const { disagreement, matched, tree } = compare(db, stored, filter, i % 5 === 4 ? "latency" : "time");
    if (disagreement && disagreements.length < 20) disagreements.push(disagreement);
    if (matched > 0) selecting++;
    coverageOf(tree, covered);
  }
  return { selecting, disagreements, covered };
}

describe("the evaluator and the SQLite backend agree", () => {
  it("on a synthetic store of odd values", () => {
    const { db } = tempDb();
    const { east, west } = syntheticEvents();
    writeEvents(db, east, "east");
    writeEvents(db, west, "west");
    seedDifferentialHits(db);
    const { selecting, disagreements, covered } = differential(db, 19, 500);
    expect(disagreements).toEqual([]);
    expect([...fullCoverage()].filter((c) => !covered.has(c))).toEqual([]);
    // Values are drawn from the data: most filters must select something, or the test proves little.
    expect(selecting).toBeGreaterThan(200);
  });

  const TARGETED = [
    'ua:"my tool with spaces"', 'ua:"my tool*"', "ua:kubectl", 'ua:"kubectl 1.30.3"', 'ua:"kubectl 1.3*"', "ua:kube-probe",
    "ua:Mozilla", 'ua:"Mozilla 5.0"', "ua:argocd-application-controller", 'ua:"argocd-application-controller 0.0.0"', 'ua:""',
    "ip:fe80::/10", "ip:::ffff:0:0/96", "ip:10.0.0.0/8", 'ip:"::ffff:10.200.0.1"', "ip:0.0.0.0/0", "ip:::/0", "ip:2001:db8::/32",
    "ip:10.200.0.0/16", 'ip:"fe80::1%eth0"', "ip:fe80::1/128", "ip:10.255.255.255/31",
    "binding:ops-admins", 'binding:"deployer/ci"', 'subject:"builder/ci"', 'role:"a\\*b"', 'binding:"we\\"ird"', "subject:ünï", "role:system:*",
    'usergroup:"g\\*1"', 'usergroup:"[admins]"', 'user:"dev[1]?"', 'name:"a\\*b"', "name:a*b", 'usergroup:""', "-usergroup:system:*",
    'auditid:"0A1B2C3D-0000-4000-8000-00000000000F"', "auditid:0a1b2c3d-0000-4000-8000-00000000000f", 'auditid:"not-a-uuid\\*[x]"', "auditid:*000f",
    "auditid:00000000-0000-4000-8000-*", "group:core", 'group:""', "group:apps", "group:*.k8s.io", "version:v1beta1",
    "latency:>=1000", "latency:500.5", "latency:=500.5", "latency:<499.999", "latency:499.999", "latency:>12.4", 'latency:""',
    "code:4xx", 'code:""', "code:!=200", "code:>=400", "level:None", "stage:Panic", "stage:ResponseStarted", "flag:future",
    "flag:conflict", "flag:truncated", 'decision:""', "decision:forbid", "-decision:allow",
    "café", "CAFE", '"über-config"', "straße", "strasse", "ØRESUND", "oresund", "日本語", '"語 🙂"', '"not found"', '"not fou"',
    '"ready Ünïcödé"', "webhook", "kubectl", '"linux/amd64"', "1.30", "my", '"tool with"', "mozilla", "chrome", "$Format", "format",
    "resource:*/status", "resource:nodes", "resource:nodes/*", 'subresource:""', 'resource:""', 'ns:""', 'name:""', 'as:""',
    "-as:system:admin", "uri:/api/v1/nodes/*", "command:sh", 'command:"sh -c *"', 'command:"*\\"a\\*b\\"*"', 'command:""', '-command:""',
    "container:db", "container:other", 'container:""', "-container:db", "command:* container:db", "binding:exec-team/dev", 'subject:"platform team"', 'uri:"*?watch=true"', "cluster:west", "-cluster:east OR verb:get",
    "rule:k8s.pod-exec", 'rule:""', "-rule:\"\"", "rule:k8s.*", "rule:*-read,corr.grant-then-workload", "-rule:k8s.pod-exec", "rule:k8s.pod-exec rule:k8s.secret-read",
    "rule:k8s.pod-exec OR verb:get", "rule:nope", "rule:* ns:\"\"",
  ];

  it("on targeted edge cases", () => {
    const { db } = tempDb();
    const { east, west } = syntheticEvents();
    writeEvents(db, east, "east");
    writeEvents(db, west, "west");
    seedDifferentialHits(db);
    const stored = [...matchableRequests(db)];
    const disagreements = TARGETED.flatMap((q) => compare(db, stored, { q }, "time").disagreement ?? []);
    expect(disagreements).toEqual([]);
  });

  const CORPUS = path.resolve(__dirname, "../../../../../shared/corpus");

  async function corpusEvents(dir: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for (const file of readdirSync(path.join(CORPUS, dir)).filter((f) => /\.(json|log)$/.test(f)).sort()) {
      for await (const batch of parseAuditStream(createReadStream(path.join(CORPUS, dir, file)))) {
        for (const item of batch) if (item.kind === "event") events.push(item.event);
      }
    }
    return events;
  }

  // Real audit logs (../shared/corpus/SOURCES.md); absent outside this workspace.
  it.skipIf(!existsSync(CORPUS))("on the shared corpus of real audit logs", async () => {
    const { db } = tempDb();
    for (const dir of ["audit2rbac-2017", "audit2rbac", "falco-k8s-audit", "elastic-integrations"]) {
      writeEvents(db, await corpusEvents(dir), dir);
    }
    seedDifferentialHits(db);
    const { selecting, disagreements, covered } = differential(db, 2024, 300);
    expect(disagreements).toEqual([]);
    expect([...fullCoverage()].filter((c) => !covered.has(c))).toEqual([]);
    expect(selecting).toBeGreaterThan(120);
  });
});
