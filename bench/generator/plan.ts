import type { Actor } from "./actors";
import { DELETE_OPTIONS, deletedDetails, objectBody, scaleBody, type BodyContext } from "./bodies";
import { goDuration, MS, SECOND } from "./clock";
import { uuid } from "./ids";
import { auditLevel, type Level } from "./policy";
import type { Prng } from "./prng";
import { R, resourcePath, type ResourceDef } from "./resources";
import {
  alreadyExists, conflict, failureObject, failureStatus, forbidden, notFound, OK, serviceUnavailable, tooManyRequests,
  webhookTimeout, type Failure,
} from "./statuses";
import type { Obj, World } from "./world";

/** Everything about one request that its stage events are made of. */
export type Plan = {
  actor: Actor;
  verb: string;
  requestURI: string;
  /** objectRef on RequestReceived; null for non-resource requests. */
  objectRef: string | null;
  /** objectRef on later stages: create/update fill name, uid and resourceVersion in from the body. */
  objectRefDone: string | null;
  code: number;
  responseStatus: string;
  /** Authorization reason; null when forbidden. */
  reason: string | null;
  latencyUs: number;
  /** When the response started, for long-running requests (watch, logs, exec). */
  startedUs: number | null;
  level: Level;
  requestObject: string | null;
  responseObject: string | null;
  /** Annotations besides the authorization pair, serialized and sorted, without braces. */
  annotationsBefore: string;
  annotationsAfter: string;
};

type Target = { res: ResourceDef; namespace: string | undefined; name: string | undefined; subresource: string | undefined };

function objectRef(t: Target, completion?: { name?: string; uid?: string; resourceVersion?: number }): string {
  const { res } = t;
  const name = t.name ?? completion?.name;
  // `/api/v1/namespaces/foo` is in namespace foo.
  const namespace = res === R.namespaces ? t.name : t.namespace;
  let out = `{"resource":"${res.resource}"`;
  if (namespace) out += `,"namespace":"${namespace}"`;
  if (name !== undefined) out += `,"name":"${name}"`;
  if (completion?.uid) out += `,"uid":"${completion.uid}"`;
  if (res.group) out += `,"apiGroup":"${res.group}"`;
  out += `,"apiVersion":"${res.version}"`;
  if (completion?.resourceVersion) out += `,"resourceVersion":"${completion.resourceVersion}"`;
  if (t.subresource) out += `,"subresource":"${t.subresource}"`;
  return `${out}}`;
}

const WRITE_VERBS: ReadonlySet<string> = new Set(["create", "update", "patch"]);
const WEBHOOKED: ReadonlySet<ResourceDef> = new Set<ResourceDef>([R.pods, R.deployments, R.configmaps, R.services, R.ingresses, R.certificates]);

export type ReadOptions = { query?: string; subresource?: string };
export type WriteOptions = { query?: string; subresource?: string; conflictChance?: number; mutate?: (obj: Obj) => void; failure?: Failure | null };

/**
 * Builds request plans against the world's state: reads answer 200 or 404 from whether the object
 * exists, writes change it (so an object's history is create → updates → delete), and the authorizer
 * and a little bad luck (webhook timeouts, throttling) decide the rest.
 */
export class PlanBuilder {
  now = 0;

  constructor(
    readonly rng: Prng,
    readonly world: World,
    private readonly bodies: boolean,
  ) {}

  // ---- reads ----

  get(actor: Actor, obj: Obj, opts: ReadOptions = {}): Plan {
    const t = this.target(obj, opts.subresource);
    const p = this.start(actor, "get", t, this.uri(t, opts.query), this.rng.logNormal(2.5 * MS, 0.8));
    if (p.code !== 200) return p;
    if (!obj.exists) return this.fail(p, notFound(obj.res, obj.name));
    if (p.level === "RequestResponse") p.responseObject = opts.subresource === "scale" ? scaleBody(obj) : this.body(obj, false);
    return p;
  }

  list(actor: Actor, res: ResourceDef, namespace: string | undefined, query = "?limit=500&resourceVersion=0"): Plan {
    const t: Target = { res, namespace, name: undefined, subresource: undefined };
    const median = namespace ? 8 * MS : 35 * MS;
    const p = this.start(actor, "list", t, resourcePath(res, namespace) + query, this.rng.logNormal(median, 1));
    if (p.code === 200 && res === R.podMetrics && this.rng.chance(0.05)) return this.fail(p, serviceUnavailable());
    return p;
  }

  /** A client-go informer's watch: it ends when the server-side timeout (5–10 min) runs out. */
  watch(actor: Actor, res: ResourceDef, namespace: string | undefined, selector = ""): Plan {
    const t: Target = { res, namespace, name: undefined, subresource: undefined };
    const timeout = this.rng.range(300, 599);
    const query = `?allowWatchBookmarks=true${selector}&resourceVersion=${this.world.resourceVersion - this.rng.int(2000)}&timeout=${goDuration(timeout)}&timeoutSeconds=${timeout}&watch=true`;
    const p = this.start(actor, "watch", t, resourcePath(res, namespace) + query, timeout * SECOND + this.rng.int(5 * MS));
    if (p.code === 200) p.startedUs = Math.round(this.rng.logNormal(1.5 * MS, 0.5));
    return p;
  }

  /** pods/log and pods/exec: long-running, with a ResponseStarted; exec upgrades the connection (101). */
  stream(actor: Actor, pod: Obj, subresource: "log" | "exec", query: string, durationUs: number): Plan {
    const t = this.target(pod, subresource);
    const verb = subresource === "log" ? "get" : "create";
    const p = this.start(actor, verb, t, this.uri(t, query), durationUs);
    if (p.code !== 200) return p;
    if (!pod.exists) return this.fail(p, notFound(R.pods, pod.name));
    if (subresource === "exec") {
      p.code = 101;
      p.responseStatus = OK(101);
    }
    p.startedUs = Math.round(this.rng.logNormal(20 * MS, 0.6));
    return p;
  }

  nonResource(actor: Actor, path: string, verb = "get"): Plan {
    const reason = actor.authorize({ verb, res: null, namespace: undefined, subresource: undefined });
    const p = this.blank(actor, verb, path, null, reason, this.rng.logNormal(0.8 * MS, 0.6));
    if (reason === null) return this.fail(p, forbidden(actor.username, verb, null, undefined, undefined, undefined, path));
    return p;
  }

  // ---- writes ----

  create(actor: Actor, obj: Obj, opts: WriteOptions & { generateName?: boolean; podSecurity?: string } = {}): Plan {
    // POST goes to the collection: the name comes from the body, and only later stages know it.
    const collection: Target = { res: obj.res, namespace: obj.namespace || undefined, name: undefined, subresource: undefined };
    const p = this.start(actor, "create", collection, resourcePath(obj.res, obj.namespace || undefined) + (opts.query ?? ""), this.writeLatency());
    if (p.code === 403) return p;
    if (!opts.generateName) p.objectRefDone = objectRef(collection, { name: obj.name });
    if (p.level !== "Metadata") p.requestObject = this.body(obj, true);
    if (p.code !== 200) return p;
    if (opts.failure) return this.fail(p, opts.failure);
    if (obj.exists) return this.fail(p, alreadyExists(obj.res, obj.name));
    obj.exists = true;
    obj.uid = uuid(this.rng);
    obj.createdUs = this.now;
    obj.generation = 1;
    this.bump(obj);
    opts.mutate?.(obj);
    p.code = 201;
    p.responseStatus = OK(201);
    if (opts.podSecurity) p.annotationsAfter = `,"pod-security.kubernetes.io/enforce-policy":"${opts.podSecurity}"`;
    if (p.level === "RequestResponse") p.responseObject = this.body(obj, false);
    return p;
  }

  /** PUT of the whole object: the body carries uid and the resourceVersion the client last saw. */
  update(actor: Actor, obj: Obj, opts: WriteOptions = {}): Plan {
    const t = this.target(obj, opts.subresource);
    const p = this.start(actor, "update", t, this.uri(t, opts.query), this.writeLatency());
    if (p.code === 403) return p;
    if (obj.exists) p.objectRefDone = objectRef(t, { uid: obj.uid, resourceVersion: obj.resourceVersion });
    if (p.level !== "Metadata" && obj.exists) p.requestObject = this.body(obj, false);
    if (p.code !== 200) return p;
    if (!obj.exists) return this.fail(p, notFound(obj.res, obj.name));
    if (opts.failure) return this.fail(p, opts.failure);
    if (this.rng.chance(opts.conflictChance ?? 0)) return this.fail(p, conflict(obj.res, obj.name));
    this.bump(obj, opts.subresource === undefined);
    opts.mutate?.(obj);
    if (p.level === "RequestResponse") p.responseObject = this.body(obj, false);
    return p;
  }

  patch(actor: Actor, obj: Obj, patch: () => string, opts: WriteOptions = {}): Plan {
    const t = this.target(obj, opts.subresource);
    const p = this.start(actor, "patch", t, this.uri(t, opts.query), this.writeLatency());
    if (p.code === 403) return p;
    if (p.level !== "Metadata") p.requestObject = patch();
    if (p.code !== 200) return p;
    if (!obj.exists) return this.fail(p, notFound(obj.res, obj.name));
    if (opts.failure) return this.fail(p, opts.failure);
    this.bump(obj, opts.subresource === undefined);
    opts.mutate?.(obj);
    // A subresource answers with its own kind (Scale), not the object.
    if (p.level === "RequestResponse") p.responseObject = opts.subresource === "scale" ? scaleBody(obj) : this.body(obj, false);
    return p;
  }

  delete(actor: Actor, obj: Obj, opts: WriteOptions = {}): Plan {
    const t = this.target(obj, undefined);
    const p = this.start(actor, "delete", t, this.uri(t, opts.query), this.writeLatency());
    if (p.code === 403) return p;
    if (p.level !== "Metadata") p.requestObject = DELETE_OPTIONS;
    if (p.code !== 200) return p;
    if (!obj.exists) return this.fail(p, notFound(obj.res, obj.name));
    obj.resourceVersion = this.world.nextResourceVersion();
    // Deleting a pod only marks it terminating; it is gone when its kubelet, having stopped the
    // containers, deletes it again. Everything else goes at once.
    if (obj.res !== R.pods || actor.username.startsWith("system:node:")) obj.exists = false;
    // Pods are deleted gracefully and come back as the object; the rest answer with a Status.
    if (obj.res === R.pods) {
      if (p.level === "RequestResponse") p.responseObject = this.body(obj, false);
    } else {
      const details = deletedDetails(obj);
      p.responseStatus = `{"metadata":{},"status":"Success","details":${details},"code":200}`;
      if (p.level === "RequestResponse") p.responseObject = `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":${details}}`;
    }
    return p;
  }

  deleteCollection(actor: Actor, res: ResourceDef, namespace: string): Plan {
    const t: Target = { res, namespace, name: undefined, subresource: undefined };
    const p = this.start(actor, "deletecollection", t, resourcePath(res, namespace), this.rng.logNormal(60 * MS, 0.8));
    if (p.code !== 200) return p;
    for (const obj of this.world.all(res)) if (obj.namespace === namespace) obj.exists = false;
    return p;
  }

  /** POST to a subresource of an existing object: pods/binding, pods/eviction, serviceaccounts/token. */
  createSubresource(actor: Actor, obj: Obj, subresource: string, failure: Failure | null = null): Plan {
    const t = this.target(obj, subresource);
    const p = this.start(actor, "create", t, this.uri(t, ""), this.writeLatency());
    if (p.code !== 200) return p;
    if (!obj.exists) return this.fail(p, notFound(obj.res, obj.name));
    if (failure) return this.fail(p, failure);
    p.objectRefDone = objectRef(t, { uid: obj.uid });
    p.code = 201;
    p.responseStatus = OK(201);
    if (subresource === "eviction") obj.exists = false;
    return p;
  }

  // ---- helpers ----

  target(obj: Obj, subresource: string | undefined): Target {
    return { res: obj.res, namespace: obj.namespace || undefined, name: obj.name, subresource };
  }

  uri(t: Target, query = ""): string {
    return resourcePath(t.res, t.res === R.namespaces ? undefined : t.namespace, t.name, t.subresource) + query;
  }

  private bump(obj: Obj, specChange = true): void {
    obj.resourceVersion = this.world.nextResourceVersion();
    obj.revision++;
    if (specChange) obj.generation++;
  }

  private body(obj: Obj, forRequest: boolean): string {
    const ctx: BodyContext = { nowUs: this.now, forRequest, rng: this.rng };
    return objectBody(obj, ctx);
  }

  private writeLatency(): number {
    return this.rng.logNormal(7 * MS, 0.7);
  }

  private start(actor: Actor, verb: string, t: Target, requestURI: string, latencyUs: number): Plan {
    const reason = actor.authorize({ verb, res: t.res, namespace: t.namespace, subresource: t.subresource });
    const p = this.blank(actor, verb, requestURI, objectRef(t), reason, latencyUs);
    if (this.bodies) p.level = auditLevel(actor, verb, t.res, t.subresource);
    if (reason === null) return this.fail(p, forbidden(actor.impersonatedUsername ?? actor.username, verb, t.res, t.namespace, t.name, t.subresource));
    if (!actor.quiet) {
      // Rare bad luck: a validating webhook that times out on writes, API priority and fairness throttling.
      if (WRITE_VERBS.has(verb) && WEBHOOKED.has(t.res) && this.rng.chance(0.004)) {
        const certManager = t.res === R.certificates || t.res === R.ingresses;
        return this.fail(p, certManager ? webhookTimeout("webhook.cert-manager.io", "cert-manager-webhook.cert-manager.svc") : webhookTimeout("validate.kyverno.svc-fail", "kyverno-svc.kyverno.svc"), 10 * SECOND);
      }
      if (this.rng.chance(0.0004)) return this.fail(p, tooManyRequests());
    }
    return p;
  }

  private blank(actor: Actor, verb: string, requestURI: string, ref: string | null, reason: string | null, latencyUs: number): Plan {
    // A small share of ordinary requests is slow whatever they are (etcd compaction, GC pauses, big
    // objects). Long-running ones (watches, streams) last as long as they last.
    const tail = latencyUs < 5 * SECOND && this.rng.chance(0.004) ? 10 + this.rng.int(90) : 1;
    return {
      actor,
      verb,
      requestURI,
      objectRef: ref,
      objectRefDone: ref,
      code: 200,
      responseStatus: OK(200),
      reason,
      latencyUs: Math.max(150, Math.round(latencyUs * tail)),
      startedUs: null,
      level: "Metadata",
      requestObject: null,
      responseObject: null,
      annotationsBefore: "",
      annotationsAfter: "",
    };
  }

  /** Turns the plan into a failure: forbidden and failed requests are answered fast, without stages in between. */
  fail(p: Plan, f: Failure, latencyUs?: number): Plan {
    p.code = f.code;
    p.responseStatus = failureStatus(f);
    p.startedUs = null;
    if (latencyUs !== undefined) p.latencyUs = latencyUs + this.rng.int(20 * MS);
    else if (p.latencyUs > 5 * SECOND || f.code === 403 || f.code === 404) p.latencyUs = Math.round(this.rng.logNormal(1.2 * MS, 0.6));
    if (p.level === "RequestResponse") p.responseObject = failureObject(f);
    return p;
  }
}
