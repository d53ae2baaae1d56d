import diff from "microdiff";
import { singularKind } from "./describe";

/** The bodies one request logged (Request / RequestResponse level), as parsed JSON. */
export type Bodies = { requestObject?: unknown; responseObject?: unknown };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * True when a body is the object itself rather than DeleteOptions, a Status, a patch, a List or a
 * subresource's own kind (Scale, Eviction, TokenRequest…): its kind names the resource (`ConfigMap` for
 * `configmaps`), or, on old events that drop `kind`, it carries metadata naming the object.
 */
export function isFullObject(body: unknown, resource: string, name: string | null): body is Json {
  if (!isObject(body)) return false;
  const kind = typeof body.kind === "string" ? body.kind : null;
  if (kind !== null) return kind.toLowerCase() === singularKind(resource).toLowerCase();
  const meta = body.metadata;
  return isObject(meta) && (name === null || meta.name === name || meta.generateName !== undefined);
}

/**
 * The object as this request left it: the response body when the API server logged it (it holds what was
 * stored), else the body sent by create/update. A patch body is a patch, never a version. Subresources
 * other than `status` carry their own kinds (exec, log, scale…), so only their full-object bodies count.
 */
export function objectAfter(verb: string, subresource: string | null, resource: string, name: string | null, b: Bodies): Json | null {
  if (subresource !== null && subresource !== "status") return null;
  if (["get", "create", "update", "patch", "delete"].includes(verb) && isFullObject(b.responseObject, resource, name)) return b.responseObject;
  if ((verb === "create" || verb === "update") && isFullObject(b.requestObject, resource, name)) return b.requestObject;
  return null;
}

/** The patch a `patch` request sent (JSON merge, strategic merge, JSON patch or apply), shown as sent. */
export function patchOf(verb: string, b: Bodies): unknown {
  return verb === "patch" && b.requestObject !== undefined ? b.requestObject : undefined;
}

/**
 * Fields every write changes or that repeat the object: showing them would bury the change that matters.
 * `last-applied-configuration` is a JSON copy of the whole object written by `kubectl apply`.
 */
const NOISE_PATHS: (string | number)[][] = [
  ["metadata", "managedFields"],
  ["metadata", "resourceVersion"],
  ["metadata", "generation"],
  ["metadata", "selfLink"],
  ["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"],
];

export type Change = {
  type: "added" | "removed" | "changed";
  /** Path into the object, e.g. ["data", "ui.properties"]. */
  path: (string | number)[];
  before?: unknown;
  after?: unknown;
};

export function isNoisePath(path: (string | number)[]): boolean {
  return NOISE_PATHS.some((noise) => noise.every((p, i) => path[i] === p));
}

const TYPES = { CREATE: "added", REMOVE: "removed", CHANGE: "changed" } as const;

/** What changed between two versions of an object; noise fields dropped unless `all`. */
export function diffVersions(before: Json, after: Json, all = false): Change[] {
  const changes: Change[] = [];
  for (const d of diff(before, after)) {
    if (!all && isNoisePath(d.path)) continue;
    const c: Change = { type: TYPES[d.type], path: d.path };
    if (d.type !== "CREATE") c.before = d.oldValue;
    if (d.type !== "REMOVE") c.after = d.value;
    changes.push(c);
  }
  return changes;
}

/** `["data", "ui.properties"]` → `data["ui.properties"]`; `["spec", "containers", 0, "image"]` → `spec.containers[0].image`. */
export function formatPath(path: (string | number)[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out || "(root)";
}
