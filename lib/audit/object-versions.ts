import diff from "microdiff";
import { boundDepth } from "@/lib/format/bound-depth";
import { singularKind } from "./describe";
import { levelRank } from "./stages";

/** The bodies one request logged (Request / RequestResponse level), as parsed JSON. */
export type Bodies = { requestObject?: unknown; responseObject?: unknown };

/** Levels of a body a history keeps: the diff and the JSON answer both recurse, and a log can nest 10 000. */
export const HISTORY_DEPTH = 256;
export const TOO_DEEP = `(nested deeper than ${HISTORY_DEPTH} levels: the request's raw event holds the rest)`;
const bounded = (body: unknown) => boundDepth(body, HISTORY_DEPTH, () => TOO_DEEP).value;

/** Only the Request and RequestResponse levels log bodies: a request at another (levelRank) has none to read. */
export function logsBodies(level: number): boolean {
  return level >= levelRank("Request");
}

/**
 * Folds one stage event's bodies, in arrival order, into its request's, cut at HISTORY_DEPTH. A later
 * stage wins (ResponseComplete holds the responseObject), but a body only an earlier stage logged is kept.
 */
export function addBodies(into: Bodies, event: Bodies): void {
  if (event.requestObject !== undefined) into.requestObject = bounded(event.requestObject);
  if (event.responseObject !== undefined) into.responseObject = bounded(event.responseObject);
}

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

/** What a version history reads of a request. */
export type VersionedRequest = { id: number; verb: string; subresource: string | null; code: number | null };

/** One request in an object's history, with the version it left and what changed since the one before. */
export type ObjectVersion<R extends VersionedRequest> = {
  request: R;
  /** The object as this request left it (or read it), when a body was logged. */
  object: Json | null;
  /** The body a patch request sent. */
  patch?: unknown;
  /** Changes from the previous known version; null when there is no earlier version to compare. */
  changes: Change[] | null;
  /** Earlier version's request id the changes are relative to. */
  previousId: number | null;
  /** For a successful delete: the last version logged before it, i.e. what was deleted. */
  lastKnown: Json | null;
};

/** The version a request left, when its bodies hold one. A failed request (code 400 and up) changed nothing. */
export function versionLeft(request: VersionedRequest, resource: string, name: string, b: Bodies): Json | null {
  const failed = request.code !== null && request.code >= 400;
  return failed ? null : objectAfter(request.verb, request.subresource, resource, name, b);
}

/** A successful delete of the object itself: its entry shows the last version before it, what was deleted. */
export function deletesObject(request: VersionedRequest): boolean {
  return request.verb === "delete" && (request.code === null || request.code < 400) && request.subresource === null;
}

/** A version and the request that left it. */
export type KnownVersion = { id: number; object: Json };

/**
 * The requests that touched one object, oldest first, each with the version it left, the change from the
 * version before and, for a delete, what it deleted. `before` is the last version left before the first
 * of them, for a page of a longer history: its first change and delete are relative to it. `all` keeps
 * managedFields/resourceVersion-style noise in the changes.
 */
export function objectVersions<R extends VersionedRequest>(
  resource: string,
  name: string,
  requests: readonly R[],
  bodiesOf: (request: R) => Bodies,
  all = false,
  before: KnownVersion | null = null,
): { entries: ObjectVersion<R>[]; versions: number } {
  let previous = before;
  let versions = 0;
  const entries = requests.map((request) => {
    const b = bodiesOf(request);
    const object = versionLeft(request, resource, name, b);
    const entry: ObjectVersion<R> = { request, object, changes: null, previousId: null, lastKnown: deletesObject(request) ? (previous?.object ?? null) : null };
    const patch = patchOf(request.verb, b);
    if (patch !== undefined) entry.patch = patch;
    if (object) {
      versions++;
      // A re-created object diffs against the one deleted before it: "what came back different".
      if (previous) {
        entry.changes = diffVersions(previous.object, object, all);
        entry.previousId = previous.id;
      }
      previous = { id: request.id, object };
    }
    return entry;
  });
  return { entries, versions };
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
