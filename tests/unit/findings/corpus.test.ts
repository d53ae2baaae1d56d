import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findingsOf } from "@/lib/findings/engine";
import { RULE_SETTINGS } from "@/lib/findings/rule";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { ingestStream } from "@/lib/ingest/pipeline";
import type { Db } from "@/lib/store/sqlite/db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { tempDb } from "../helpers/temp-db";
import { contextOf, storedInputs } from "./builtin/stored-inputs";

// Real audit logs written by others (see ../shared/corpus/SOURCES.md); absent outside this workspace.
const CORPUS = path.resolve(__dirname, "../../../../shared/corpus");

/** Each file of a corpus folder uploaded as its own cluster: Falco's files are separate captures that reuse auditIDs. */
async function ingestFolder(db: Db, dir: string): Promise<void> {
  for (const file of readdirSync(path.join(CORPUS, dir)).filter((f) => /\.(json|log)$/.test(f)).sort()) {
    async function* bytes() {
      yield readFileSync(path.join(CORPUS, dir, file));
    }
    await ingestStream(sqliteIngestTarget(db), bytes(), { cluster: `${dir}/${file}`, source: "cli", filename: file });
  }
}

afterEach(() => vi.unstubAllEnvs());

/**
 * Hits per built-in rule on a folder, with the settings given; rules without hits left out. The store
 * computed its own as the files were ingested, and must agree.
 */
async function hitsPerRule(dir: string, env: Record<string, string> = {}): Promise<Record<string, number>> {
  for (const setting of RULE_SETTINGS) vi.stubEnv(setting, env[setting] ?? "");
  const { db } = tempDb();
  await ingestFolder(db, dir);
  const inputs = await storedInputs(db);
  const ruleSet = loadRuleSet(env);
  expect(ruleSet.problems).toEqual([]);
  const counts: Record<string, number> = {};
  for (const hit of findingsOf(ruleSet.rules, inputs, contextOf(inputs, env))) counts[hit.ruleId] = (counts[hit.ruleId] ?? 0) + 1;
  const stored: Record<string, number> = {};
  const store = sqliteStore(db);
  for (const { id } of inputs) for (const f of await store.findings.ofRequest(id, null)) stored[f.ruleId] = (stored[f.ruleId] ?? 0) + 1;
  expect(stored).toEqual(counts);
  return counts;
}

describe.skipIf(!existsSync(CORPUS))("built-in rules on the shared corpus", () => {
  it("falco-k8s-audit: what Falco's own rule tests stage, as far as our rules see it", async () => {
    expect(await hitsPerRule("falco-k8s-audit")).toEqual({
      // anonymous_creates_namespace_foo.json: system:anonymous, allowed, creates a namespace.
      "k8s.anonymous-allowed": 1,
      // attach_pod.json and exec_pod.json: pods/attach and pods/exec, code 101.
      "k8s.pod-attach": 1,
      "k8s.pod-exec": 1,
      // attach_cluster_admin_role.json binds cluster-admin; create_clusterrolebinding.json binds
      // system:basic-user, a role this corpus never logs, so it is not judged.
      "k8s.powerful-role-binding": 1,
      // create_cluster_role_wildcard_resources.json (resources *) and _wildcard_verbs.json (verbs *); the
      // pod-exec, write-privileges and plain roles and the node-problem-detector patch grant neither.
      "k8s.powerful-role": 2,
      // create_kube_system_secret.json (user admin) and create_serviceaccount_kube_system_namespace.json
      // (minikube-user); the kube-system pod is the replicaset-controller's.
      "k8s.kube-system-human-write": 2,
      // Not here: the privileged, hostNetwork and hostPath pods are all created by the
      // replicaset-controller from a template (create_deployment.json's is plain), and the body rules
      // judge the template write, not each pod a controller derives from it.
    });
  });

  it("falco-k8s-audit with trusted networks and registries set", async () => {
    const hits = await hitsPerRule("falco-k8s-audit", { AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/8", AUDITLENS_TRUSTED_REGISTRIES: "registry.k8s.io/" });
    // 38 requests come from 192.168.99.1 or 192.168.64.1 (jq '.sourceIPs[0]'); the other 13 from ::1 or 127.0.0.1.
    expect(hits["k8s.untrusted-source-ip"]).toBe(38);
    // create_deployment.json runs image "nginx", i.e. docker.io/library/nginx; its pods come from the controller.
    expect(hits["k8s.untrusted-image"]).toBe(1);
  });

  it("audit2rbac-2017: impersonated requests, and bob's escalation that worked", async () => {
    expect(await hitsPerRule("audit2rbac-2017")).toEqual({
      // 37 requests carry impersonatedUser (bob, system:serviceaccount:ns1:sa1, alice).
      "k8s.impersonation": 37,
      // Bob's `list pods -n default` is refused at 19:55:05 and 19:55:34 and allowed at 19:58:37, with 40
      // role and binding writes between (create/patch, code < 400): 43. sa1's cluster-wide `list pods` is
      // refused at 20:01:37 and allowed at 20:01:50, with 6 clusterrole(binding) patches between: 8. The
      // log predates authorization annotations, so 403 alone says denied. Bob's 20:27:42 list comes 32
      // minutes after his last denial, past the 30-minute window.
      "k8s.denied-then-allowed-after-rbac": 51,
      // Not here: the 11 denials are far from 20 in 5 minutes; every write is system:admin's.
    });
  });

  it("the managed-cluster samples and the OpenShift event find nothing", async () => {
    // Lease reads and updates by aksService, elastic-agent and a kubelet, a GKE health check, a pod read.
    expect(await hitsPerRule("elastic-integrations")).toEqual({});
    expect(await hitsPerRule("kube-audit-log-tool")).toEqual({});
  });
});
