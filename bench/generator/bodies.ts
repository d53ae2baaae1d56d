import { rfc3339Seconds } from "./clock";
import { hex } from "./ids";
import type { Prng } from "./prng";
import type { App, Obj } from "./world";

type Json = Record<string, unknown>;

/** How a body is being built: the stored object, or what a client sent to create/replace it. */
export type BodyContext = { nowUs: number; forRequest: boolean; rng: Prng; managedFields?: boolean };

export const imageTag = (release: number) => `v1.${Math.floor(release / 10)}.${release % 10}`;
const env = (ns: string) => (ns.endsWith("-staging") ? "staging" : ns.startsWith("dev-") || ns.startsWith("preview-") || ns === "sandbox" || ns === "load-test" ? "dev" : "production");
const apiVersionOf = (obj: Obj) => (obj.res.group ? `${obj.res.group}/${obj.res.version}` : obj.res.version);

function appLabels(app: App): Json {
  return {
    "app.kubernetes.io/name": app.name,
    "app.kubernetes.io/instance": `${app.namespace}-${app.name}`,
    "app.kubernetes.io/part-of": app.namespace.replace(/-staging$/, ""),
    "app.kubernetes.io/version": imageTag(app.release),
    "app.kubernetes.io/managed-by": "Helm",
  };
}

/** managedFields as server-side apply records them; a large part of every real object. */
function managedFields(obj: Obj, ctx: BodyContext, spec: Json): Json[] {
  const when = rfc3339Seconds(ctx.nowUs - 60_000_000 * (1 + (obj.revision % 50)));
  const fieldsOf = (o: Json, depth: number): Json => {
    const out: Json = {};
    for (const [k, v] of Object.entries(o)) {
      out[`f:${k}`] = depth > 0 && v && typeof v === "object" && !Array.isArray(v) ? fieldsOf(v as Json, depth - 1) : {};
    }
    return out;
  };
  const entries: Json[] = [
    {
      manager: "argocd-controller",
      operation: "Apply",
      apiVersion: apiVersionOf(obj),
      time: when,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:metadata": { "f:labels": { "f:app.kubernetes.io/instance": {}, "f:app.kubernetes.io/name": {} } }, "f:spec": fieldsOf(spec, 1) },
    },
  ];
  if (obj.res.resource !== "configmaps") {
    entries.push({
      manager: "kube-controller-manager",
      operation: "Update",
      apiVersion: apiVersionOf(obj),
      time: when,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:status": { "f:conditions": {}, "f:observedGeneration": {} } },
      subresource: "status",
    });
  }
  return entries;
}

function metadata(obj: Obj, ctx: BodyContext, extra: { labels?: Json; annotations?: Json; ownerReferences?: Json[]; generateName?: string }, spec: Json | null): Json {
  // A client creating with generateName sends no name; the API server makes one up.
  const meta: Json = ctx.forRequest && extra.generateName ? {} : { name: obj.name };
  if (extra.generateName) meta.generateName = extra.generateName;
  if (obj.namespace) meta.namespace = obj.namespace;
  if (!ctx.forRequest) {
    meta.uid = obj.uid;
    meta.resourceVersion = String(obj.resourceVersion);
    if (spec) meta.generation = obj.generation;
    meta.creationTimestamp = rfc3339Seconds(obj.createdUs);
  }
  if (extra.labels) meta.labels = extra.labels;
  if (extra.annotations) meta.annotations = extra.annotations;
  if (extra.ownerReferences) meta.ownerReferences = extra.ownerReferences;
  // The policy sets omitManagedFields, as most do: managedFields would double the size of small objects.
  if (!ctx.forRequest && spec && ctx.managedFields) meta.managedFields = managedFields(obj, ctx, spec);
  return meta;
}

function podSpec(app: App): Json {
  return {
    volumes: [{ name: "config", configMap: { name: app.config.name, defaultMode: 420 } }, { name: "tmp", emptyDir: {} }],
    containers: [
      {
        name: app.container,
        image: `${app.image}:${imageTag(app.release)}`,
        ports: [{ name: "http", containerPort: app.port, protocol: "TCP" }],
        env: [
          { name: "APP_ENV", value: env(app.namespace) },
          { name: "LOG_FORMAT", value: "json" },
          { name: "POD_NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
        ],
        envFrom: [{ secretRef: { name: app.secret.name } }],
        resources: { limits: { cpu: "1", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
        volumeMounts: [{ name: "config", mountPath: "/etc/app" }, { name: "tmp", mountPath: "/tmp" }],
        livenessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
        imagePullPolicy: "IfNotPresent",
        securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true },
      },
    ],
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    serviceAccountName: app.serviceAccount.name,
    serviceAccount: app.serviceAccount.name,
    securityContext: { fsGroup: 1000 },
    schedulerName: "default-scheduler",
  };
}

function podTemplate(app: App): Json {
  const annotations = app.restartedAtUs ? { "kubectl.kubernetes.io/restartedAt": rfc3339Seconds(app.restartedAtUs) } : undefined;
  return {
    metadata: { creationTimestamp: null, labels: { "app.kubernetes.io/name": app.name, "app.kubernetes.io/instance": `${app.namespace}-${app.name}` }, ...(annotations ? { annotations } : {}) },
    spec: podSpec(app),
  };
}

function workload(obj: Obj, app: App, ctx: BodyContext): Json {
  const spec: Json = {
    replicas: app.replicas,
    selector: { matchLabels: { "app.kubernetes.io/name": app.name, "app.kubernetes.io/instance": `${app.namespace}-${app.name}` } },
    template: podTemplate(app),
  };
  if (obj.res.resource === "deployments") {
    spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } };
    spec.revisionHistoryLimit = 10;
    spec.progressDeadlineSeconds = 600;
  } else if (obj.res.resource === "statefulsets") {
    spec.serviceName = app.name;
    spec.podManagementPolicy = "OrderedReady";
  }
  const changed = rfc3339Seconds(ctx.nowUs - 1_000_000 * (30 + (obj.revision % 7) * 600));
  const body: Json = {
    kind: obj.res.kind,
    apiVersion: apiVersionOf(obj),
    metadata: metadata(obj, ctx, { labels: appLabels(app), annotations: { "deployment.kubernetes.io/revision": String(obj.revision), "argocd.argoproj.io/tracking-id": `${app.namespace}-${app.container}:apps/${obj.res.kind}:${app.namespace}/${app.name}` } }, spec),
    spec,
  };
  if (!ctx.forRequest) {
    const ready = Math.max(0, app.replicas - (obj.revision % 5 === 0 ? 1 : 0));
    body.status = {
      observedGeneration: obj.generation,
      replicas: app.replicas,
      updatedReplicas: app.replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [
        { type: "Available", status: "True", lastUpdateTime: changed, lastTransitionTime: changed, reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
        { type: "Progressing", status: "True", lastUpdateTime: changed, lastTransitionTime: changed, reason: "NewReplicaSetAvailable", message: `ReplicaSet "${app.replicaSets[0]?.name ?? app.name}" has successfully progressed.` },
      ],
    };
  }
  return body;
}

function pod(obj: Obj, app: App, ctx: BodyContext): Json {
  const rs = app.replicaSets[0];
  const node = obj.node;
  const started = rfc3339Seconds(obj.createdUs + 4_000_000);
  const spec: Json = {
    ...podSpec(app),
    nodeName: node?.name,
    tolerations: [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ],
    priority: 0,
    enableServiceLinks: true,
    preemptionPolicy: "PreemptLowerPriority",
  };
  const body: Json = {
    kind: "Pod",
    apiVersion: "v1",
    metadata: metadata(
      obj,
      ctx,
      {
        generateName: rs ? `${rs.name}-` : undefined,
        labels: { "app.kubernetes.io/name": app.name, "app.kubernetes.io/instance": `${app.namespace}-${app.name}`, ...(rs ? { "pod-template-hash": rs.name.slice(app.name.length + 1) } : {}) },
        ownerReferences: [{ apiVersion: apiVersionOf(rs ?? app.workload), kind: (rs ?? app.workload).res.kind, name: (rs ?? app.workload).name, uid: (rs ?? app.workload).uid, controller: true, blockOwnerDeletion: true }],
      },
      spec,
    ),
    spec,
  };
  if (!ctx.forRequest) {
    const ready = obj.revision % 6 !== 0;
    body.status = {
      phase: "Running",
      conditions: [
        { type: "PodReadyToStartContainers", status: "True", lastProbeTime: null, lastTransitionTime: started },
        { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: started },
        { type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: started },
        { type: "ContainersReady", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: started },
        { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: started },
      ],
      hostIP: node?.ip,
      hostIPs: [{ ip: node?.ip }],
      podIP: app.podIPs[0],
      podIPs: [{ ip: app.podIPs[0] }],
      startTime: started,
      containerStatuses: [
        {
          name: app.container,
          state: { running: { startedAt: started } },
          lastState: {},
          ready,
          restartCount: obj.revision % 4,
          image: `${app.image}:${imageTag(app.release)}`,
          imageID: `${app.image}@sha256:${hex(ctx.rng, 64)}`,
          containerID: `containerd://${hex(ctx.rng, 64)}`,
          started: true,
        },
      ],
      qosClass: "Burstable",
    };
  }
  return body;
}

const FLAGS = ["new-checkout", "fast-search", "beta-pricing", "async-email", "dark-mode", "edge-cache", "grpc-gateway", "v2-ledger"];

/** A ConfigMap with an application.yaml of a few KB; some settings follow the revision, so versions differ. */
function configMap(obj: Obj, app: App | null, ctx: BodyContext): Json {
  const r = obj.revision;
  const name = app?.name ?? obj.name;
  const lines = [
    `server:`, `  port: ${app?.port ?? 8080}`, `  shutdownGracePeriod: 25s`, `  requestTimeout: ${10 + (r % 4) * 5}s`,
    `logging:`, `  level: ${r % 3 === 0 ? "debug" : "info"}`, `  format: json`, `  sampling: ${(r % 10) / 10}`,
    `database:`, `  host: ${name}-db.${obj.namespace}.svc.cluster.local`, `  port: 5432`, `  pool:`, `    maxOpen: ${20 + (r % 5) * 10}`, `    maxIdle: 10`, `    connMaxLifetime: 30m`,
    `cache:`, `  address: redis://${name}-cache.${obj.namespace}.svc.cluster.local:6379/0`, `  ttlSeconds: ${60 + (r % 12) * 30}`,
    `tracing:`, `  enabled: true`, `  exporter: otlp`, `  endpoint: otel-collector.monitoring.svc:4317`, `  sampleRatio: 0.05`,
    `features:`, ...FLAGS.map((f, i) => `  ${f}: ${((r >> i) & 1) === 1}`),
    `upstreams:`,
    ...["payments", "catalog", "identity", "search", "notifications", "inventory"].flatMap((u, i) => [
      `  ${u}:`, `    url: http://${u}-api.${u}.svc.cluster.local:8080`, `    timeout: ${1 + ((r + i) % 5)}s`, `    retries: ${(r + i) % 4}`, `    circuitBreaker: { threshold: 0.5, window: 30s }`,
    ]),
  ];
  return {
    kind: "ConfigMap",
    apiVersion: "v1",
    data: {
      "application.yaml": lines.join("\n") + "\n",
      LOG_LEVEL: r % 3 === 0 ? "debug" : "info",
      FEATURE_FLAGS: FLAGS.filter((_, i) => ((r >> i) & 1) === 1).join(","),
    },
    metadata: metadata(obj, ctx, { labels: app ? appLabels(app) : undefined }, null),
  };
}

function service(obj: Obj, app: App, ctx: BodyContext): Json {
  const ip = `172.20.${(obj.uid.charCodeAt(0) * 7) % 255}.${(obj.uid.charCodeAt(1) * 13) % 255}`;
  const spec: Json = {
    ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: "http" }, { name: "metrics", protocol: "TCP", port: 9090, targetPort: 9090 }],
    selector: { "app.kubernetes.io/name": app.name, "app.kubernetes.io/instance": `${app.namespace}-${app.name}` },
    clusterIP: ip,
    clusterIPs: [ip],
    type: "ClusterIP",
    sessionAffinity: "None",
    ipFamilies: ["IPv4"],
    ipFamilyPolicy: "SingleStack",
    internalTrafficPolicy: "Cluster",
  };
  return { kind: "Service", apiVersion: "v1", metadata: metadata(obj, ctx, { labels: appLabels(app) }, spec), spec, status: { loadBalancer: {} } };
}

function ingress(obj: Obj, app: App, ctx: BodyContext): Json {
  const host = `${app.name}.${env(app.namespace) === "production" ? "" : "staging."}example.com`;
  const spec: Json = {
    ingressClassName: "nginx",
    tls: [{ hosts: [host], secretName: `${app.name}-tls` }],
    rules: [{ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: app.name, port: { number: 80 } } } }] } }],
  };
  return {
    kind: "Ingress",
    apiVersion: "networking.k8s.io/v1",
    metadata: metadata(obj, ctx, { labels: appLabels(app), annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-prod", "nginx.ingress.kubernetes.io/proxy-body-size": `${1 + (obj.revision % 8)}m` } }, spec),
    spec,
    status: { loadBalancer: { ingress: [{ hostname: "k8s-ingressn-ingressn-2f9c1b7e4d-1a2b3c4d5e6f7a8b.elb.us-east-1.amazonaws.com" }] } },
  };
}

function certificate(obj: Obj, app: App, ctx: BodyContext): Json {
  const host = `${app.name}.example.com`;
  const spec: Json = { secretName: obj.name, dnsNames: [host, `www.${host}`], issuerRef: { name: "letsencrypt-prod", kind: "ClusterIssuer", group: "cert-manager.io" }, privateKey: { rotationPolicy: "Always", algorithm: "ECDSA", size: 256 } };
  const issued = obj.createdUs + (obj.revision % 6) * 60 * 86_400_000_000;
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: metadata(obj, ctx, { labels: appLabels(app), ownerReferences: app.ingress ? [{ apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: app.ingress.name, uid: app.ingress.uid, controller: true, blockOwnerDeletion: true }] : undefined }, spec),
    spec,
    status: {
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: rfc3339Seconds(issued), reason: "Ready", message: "Certificate is up to date and has not expired", observedGeneration: obj.generation }],
      notBefore: rfc3339Seconds(issued),
      notAfter: rfc3339Seconds(issued + 90 * 86_400_000_000),
      renewalTime: rfc3339Seconds(issued + 60 * 86_400_000_000),
      revision: obj.revision,
    },
  };
}

function application(obj: Obj, app: App, ctx: BodyContext): Json {
  const revision = hex(ctx.rng, 40);
  const source = { repoURL: "https://github.com/example/deploy.git", path: `apps/${app.namespace}/${app.container}`, targetRevision: "main", helm: { valueFiles: ["values.yaml", `values-${env(app.namespace)}.yaml`] } };
  const resources = [app.workload, app.service, app.config, app.ingress, app.hpa, app.pdb, app.serviceAccount]
    .filter((o): o is Obj => o !== null)
    .map((o) => ({ group: o.res.group || undefined, version: o.res.version, kind: o.res.kind, namespace: o.namespace, name: o.name, status: "Synced", ...(o.res.resource === "deployments" ? { health: { status: "Healthy" } } : {}) }));
  const synced = rfc3339Seconds(ctx.nowUs - 90_000_000);
  const spec: Json = { project: app.namespace.replace(/-staging$/, ""), source, destination: { server: "https://kubernetes.default.svc", namespace: app.namespace }, syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=false", "ServerSideApply=true"] } };
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: metadata(obj, ctx, { labels: { "team": app.namespace.replace(/-staging$/, "") }, annotations: { "notifications.argoproj.io/subscribe.on-sync-failed.slack": `team-${app.namespace}` } }, spec),
    spec,
    status: {
      resources,
      sync: { status: obj.revision % 9 === 0 ? "OutOfSync" : "Synced", revision },
      health: { status: obj.revision % 11 === 0 ? "Progressing" : "Healthy" },
      history: [{ revision: hex(ctx.rng, 40), deployedAt: rfc3339Seconds(ctx.nowUs - 86_400_000_000), id: obj.revision + 40 }],
      reconciledAt: synced,
      operationState: { operation: { sync: { revision }, initiatedBy: { automated: true }, retry: { limit: 5 } }, phase: "Succeeded", message: "successfully synced (all tasks run)", startedAt: synced, finishedAt: synced },
      sourceType: "Helm",
      summary: { images: [`${app.image}:${imageTag(app.release)}`] },
    },
  };
}

function rbacObject(obj: Obj, ctx: BodyContext): Json {
  const body: Json = { kind: obj.res.kind, apiVersion: apiVersionOf(obj), metadata: metadata(obj, ctx, { labels: { "app.kubernetes.io/managed-by": "Helm" } }, null) };
  if (obj.res.kind.endsWith("Binding")) {
    body.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: obj.res.namespaced ? "Role" : "ClusterRole", name: obj.name.replace(/-developers$/, "-deployer") };
    body.subjects = obj.res.namespaced
      ? [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "developers" }, { kind: "ServiceAccount", name: "deployer", namespace: "ci" }]
      : [{ kind: "ServiceAccount", name: obj.name.split(":").pop(), namespace: "kube-system" }];
  } else {
    const verbs = obj.revision % 4 === 0 ? ["get", "list", "watch", "create", "update", "patch", "delete"] : ["get", "list", "watch"];
    body.rules = [
      { apiGroups: [""], resources: ["pods", "services", "configmaps"], verbs },
      { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs },
      { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: ["get", "list", "watch"] },
    ];
  }
  return body;
}

function small(obj: Obj, ctx: BodyContext): Json {
  const spec = obj.app ? { selector: { matchLabels: { "app.kubernetes.io/name": obj.app.name } } } : {};
  return { kind: obj.res.kind, apiVersion: apiVersionOf(obj), metadata: metadata(obj, ctx, { labels: obj.app ? appLabels(obj.app) : undefined }, spec), spec };
}

/** Bodies of the objects that belong to an app; without one they get the small generic body. */
const APP_BODIES: Record<string, (obj: Obj, app: App, ctx: BodyContext) => Json> = {
  deployments: workload,
  statefulsets: workload,
  daemonsets: workload,
  replicasets: workload,
  pods: pod,
  services: service,
  ingresses: ingress,
  certificates: certificate,
  applications: application,
};
const RBAC = new Set(["roles", "rolebindings", "clusterroles", "clusterrolebindings"]);

/** The object as the API server would return it (or, with forRequest, as a client would send it). */
export function objectBody(obj: Obj, ctx: BodyContext): string {
  const { resource } = obj.res;
  const forApp = APP_BODIES[resource];
  let body: Json;
  if (resource === "configmaps") body = configMap(obj, obj.app, ctx);
  else if (RBAC.has(resource)) body = rbacObject(obj, ctx);
  else if (forApp && obj.app) body = forApp(obj, obj.app, ctx);
  else body = small(obj, ctx);
  return JSON.stringify(body);
}

/** What GET or PATCH of the `scale` subresource returns. */
export function scaleBody(obj: Obj): string {
  const replicas = obj.app?.replicas ?? 1;
  const selector = obj.app ? `app.kubernetes.io/instance=${obj.app.namespace}-${obj.app.name},app.kubernetes.io/name=${obj.app.name}` : "";
  return JSON.stringify({
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: obj.name, namespace: obj.namespace, uid: obj.uid, resourceVersion: String(obj.resourceVersion), creationTimestamp: rfc3339Seconds(obj.createdUs) },
    spec: { replicas },
    status: { replicas, selector },
  });
}

/** `details` of the Status answering a delete of an object without graceful deletion. */
export function deletedDetails(obj: Obj): string {
  const group = obj.res.group ? `,"group":"${obj.res.group}"` : "";
  return `{"name":"${obj.name}"${group},"kind":"${obj.res.resource}","uid":"${obj.uid}"}`;
}

export const DELETE_OPTIONS = `{"kind":"DeleteOptions","apiVersion":"meta.k8s.io/v1","propagationPolicy":"Background"}`;
