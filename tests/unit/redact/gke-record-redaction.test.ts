import { afterEach, describe, expect, it } from "vitest";
import { readStoredEvent } from "@/lib/audit/raw-event";
import { isMarker } from "@/lib/audit/redact";
import { ingestStream } from "@/lib/ingest/pipeline";
import { decompressBlock } from "@/lib/store/raw-blocks";
import type { Db } from "@/lib/store/sqlite/db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { redactSaltOf } from "@/lib/store/sqlite/redaction";
import { redactStore } from "@/lib/store/sqlite/redact-store";
import { tempDb } from "../helpers/temp-db";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.gke-record-token";
const PASSWORD = "c3VwZXItc2VjcmV0LXBhc3N3b3Jk";

/**
 * A GKE Cloud Logging record of a Secret read. The token sits where the conversion to an audit Event
 * drops it (requestMetadata), the Secret's data in the response the conversion keeps.
 */
const record = {
  protoPayload: {
    "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
    serviceName: "k8s.io",
    methodName: "io.k8s.core.v1.secrets.get",
    resourceName: "core/v1/namespaces/prod/secrets/db",
    authenticationInfo: { principalEmail: "alice@example.com" },
    requestMetadata: { callerIp: "10.0.0.7", requestAttributes: { headers: { authorization: `Bearer ${TOKEN}` } } },
    response: { kind: "Secret", apiVersion: "v1", metadata: { name: "db", namespace: "prod" }, data: { password: PASSWORD } },
    status: {},
  },
  insertId: "gke-secret-1",
  resource: { type: "k8s_cluster", labels: { cluster_name: "gke-prod", project_id: "p", location: "europe-west1" } },
  timestamp: "2024-05-10T12:55:43.587646Z",
};

function storedTexts(db: Db): string[] {
  const rows = db.prepare("SELECT codec, data FROM blocks").all() as { codec: number; data: Buffer }[];
  return rows.map((r) => decompressBlock(r.codec, r.data).toString("utf8"));
}

async function ingest(db: Db, inWorker: boolean) {
  async function* source() {
    yield Buffer.from(`${JSON.stringify(record)}\n`);
  }
  return ingestStream(sqliteIngestTarget(db), source(), { cluster: "mine", source: "cli", filename: "gke.json", expectedBytes: inWorker ? Number.POSITIVE_INFINITY : null });
}

/** The stored record: still a record (the request page shows it as received), less its credentials. */
function expectRedactedRecord(db: Db) {
  const text = storedTexts(db).join("\n");
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(PASSWORD);
  const stored = readStoredEvent(text.trim().split("\n").find((l) => l.includes("gke-secret-1"))!)!;
  expect(stored.original).not.toBeNull();
  const payload = stored.original!.protoPayload as { response: { data: { password: string } }; requestMetadata: { requestAttributes: { headers: { authorization: string } } } };
  expect(isMarker(payload.response.data.password)).toBe(true);
  expect(payload.requestMetadata.requestAttributes.headers.authorization).not.toContain(TOKEN);
  expect((stored.event.responseObject as { data: { password: string } }).data.password).toBe(payload.response.data.password);
}

describe("a GKE record holding credentials", () => {
  afterEach(() => delete process.env.AUDITLENS_REDACT);

  for (const inWorker of [false, true]) {
    it(`is stored as a record with them replaced, also where the conversion drops them${inWorker ? " (parse worker)" : ""}`, async () => {
      const { db } = tempDb();
      await ingest(db, inWorker);
      expectRedactedRecord(db);
    });
  }

  it("is redacted as a record by `auditlens redact` when stored unredacted", async () => {
    const { db } = tempDb();
    process.env.AUDITLENS_REDACT = "off";
    await ingest(db, false);
    expect(storedTexts(db).join("\n")).toContain(TOKEN);
    delete process.env.AUDITLENS_REDACT;
    expect(redactStore(db, redactSaltOf(db)).redacted).toBe(1);
    expectRedactedRecord(db);
  });
});
