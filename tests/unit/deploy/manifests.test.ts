import { spawnSync } from "node:child_process";
import path from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { Namespace, PersistentVolumeClaim, Secret, Service } from "kubernetes-models/v1";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { render, type K8sObject } from "./kustomize";

const KUBERNETES = path.resolve(__dirname, "../../../deploy/kubernetes");
const TARGETS = ["base", "overlays/webhook", "overlays/tail"];

// Each kind the manifests use, with the model that checks it against the Kubernetes OpenAPI schema.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
};

type Container = {
  image: string;
  env: { name: string; value?: string }[];
  envFrom: { secretRef: { name: string } }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown> & { capabilities: { drop: string[] } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
};
type PodSpec = {
  securityContext: Record<string, unknown> & { seccompProfile: { type: string } };
  containers: Container[];
  volumes: { name: string; persistentVolumeClaim?: { claimName: string }; hostPath?: { path: string } }[];
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, string>[];
};

const one = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
};
const podOf = (objects: K8sObject[]) => (one(objects, "Deployment", "auditlens").spec as { template: { spec: PodSpec } }).template.spec;
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e.value]));

describe("Kubernetes manifests (deploy/kubernetes)", () => {
  it.each(TARGETS)("%s renders to objects valid against the Kubernetes schemas", (target) => {
    const objects = render(path.join(KUBERNETES, target));
    expect(objects.length).toBeGreaterThanOrEqual(5);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model, `a model for ${o.apiVersion} ${o.kind}`).toBeDefined();
      expect(() => new Model!(o as never).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
      if (o.kind !== "Namespace") expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe("auditlens");
    }
  });

  it("runs one pod at a time on the store, locked down, with probes on the health endpoints", () => {
    const objects = render(path.join(KUBERNETES, "base"));
    const deployment = one(objects, "Deployment", "auditlens").spec as { replicas: number; strategy: { type: string }; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
    expect(deployment.replicas).toBe(1);
    expect(deployment.strategy.type).toBe("Recreate");
    expect(deployment.template.metadata.labels).toMatchObject(deployment.selector.matchLabels);
    const service = one(objects, "Service", "auditlens").spec as { selector: Record<string, string>; ports: { targetPort: string }[] };
    expect(deployment.template.metadata.labels).toMatchObject(service.selector);

    const pod = podOf(objects);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const [c] = pod.containers;
    expect(c!.image).toBe("auditlens:0.1.0");
    expect(c!.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(c!.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(c!.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
    expect(c!.ports).toEqual([{ name: "http", containerPort: 3000 }]);
    expect(service.ports[0]!.targetPort).toBe("http");
    expect(c!.resources).toEqual({ requests: { cpu: "250m", memory: "300Mi" }, limits: { memory: "1Gi" } });

    // Listening on every address needs sign-in: the Secret's access token, and the store on the volume.
    const env = envOf(c!);
    expect(env).toMatchObject({ HOST: "0.0.0.0", PORT: "3000", AUDITLENS_DB: "/data/auditlens.db", NEXT_TELEMETRY_DISABLED: "1" });
    expect(env.AUDITLENS_ALLOWED_HOSTS!.split(",")).toContain("auditlens.auditlens.svc.cluster.local");
    expect(c!.envFrom).toEqual([{ secretRef: { name: "auditlens" } }]);
    const secret = one(objects, "Secret", "auditlens") as K8sObject & { stringData: Record<string, string> };
    expect(Object.keys(secret.stringData).sort()).toEqual(["AUDITLENS_ACCESS_TOKEN", "AUDITLENS_WEBHOOK_TOKEN"]);
    expect(c!.volumeMounts.map((m) => m.mountPath).sort()).toEqual(["/data", "/tmp"]);
    const data = pod.volumes.find((v) => v.name === "data");
    one(objects, "PersistentVolumeClaim", data?.persistentVolumeClaim?.claimName ?? "(none)");
  });

  it("webhook: the kubeconfig's server is the Service's fixed address, a host the server answers", () => {
    const objects = render(path.join(KUBERNETES, "overlays/webhook"));
    const clusterIP = (one(objects, "Service", "auditlens").spec as { clusterIP: string }).clusterIP;
    const secret = one(objects, "Secret", "auditlens-webhook-kubeconfig") as K8sObject & { stringData: Record<string, string> };
    const kubeconfig = parse(secret.stringData["audit-webhook.yaml"]!) as { clusters: { cluster: { server: string } }[]; users: { user: { token: string } }[] };
    const server = new URL(kubeconfig.clusters[0]!.cluster.server);
    expect(server.hostname).toBe(clusterIP);
    expect(server.port).toBe("");
    expect(server.pathname).toBe("/api/v1/audit/webhook");
    const tokens = (one(objects, "Secret", "auditlens") as K8sObject & { stringData: Record<string, string> }).stringData;
    expect(kubeconfig.users[0]!.user.token).toBe(tokens.AUDITLENS_WEBHOOK_TOKEN);
    const env = envOf(podOf(objects).containers[0]!);
    expect(env.AUDITLENS_ALLOWED_HOSTS!.split(",")).toContain(clusterIP);
    expect(env.AUDITLENS_CLUSTER).toBe(server.searchParams.get("cluster"));
  });

  it("tail: on a control-plane node, the audit log's folder read-only, AUDITLENS_TAIL inside it", () => {
    const pod = podOf(render(path.join(KUBERNETES, "overlays/tail")));
    expect(pod.nodeSelector).toEqual({ "node-role.kubernetes.io/control-plane": "" });
    expect(pod.tolerations).toContainEqual({ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" });
    expect(pod.volumes.find((v) => v.name === "audit-log")?.hostPath?.path).toBe("/var/log/kubernetes/audit");
    const c = pod.containers[0]!;
    expect(c.volumeMounts).toContainEqual({ name: "audit-log", mountPath: "/var/log/kubernetes/audit", readOnly: true });
    expect(envOf(c).AUDITLENS_TAIL).toBe("/var/log/kubernetes/audit/audit.log");
    // Root only to own the API server's 0600 files: still no capability, no escalation, nothing writable but the volumes.
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
  });

  const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" });
  it.skipIf(kubectl.status !== 0).each(TARGETS)("%s: kubectl kustomize renders the same objects", (target) => {
    const run = spawnSync("kubectl", ["kustomize", path.join(KUBERNETES, target)], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    const sorted = (list: K8sObject[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    const theirs = parseAllDocuments(run.stdout).map((d) => d.toJS() as K8sObject);
    expect(sorted(render(path.join(KUBERNETES, target)))).toEqual(sorted(theirs));
  });
});
