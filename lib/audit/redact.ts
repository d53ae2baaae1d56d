import { createHmac } from "node:crypto";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

/**
 * Credentials an audit event can carry, replaced before the event is stored: the values of a Secret's
 * `data` and `stringData` (in Secrets, lists of them, tables, every kind of patch, and the
 * `last-applied-configuration` copy kubectl keeps), a TokenRequest's `status.token`, a TokenReview's
 * `spec.token`, and bearer tokens in `authorization` fields or "Bearer …" strings. Each value becomes a
 * marker holding an HMAC of it under the store's salt: key names stay, and a diff still shows which
 * key changed and whether it changed back, while the value cannot be read or guessed without the salt.
 * Pure: the caller brings the salt (lib/store/sqlite/redaction.ts) and decides whether to redact at all.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const MARKER_PREFIX = "redacted:hmac:";
const MARKER = /^redacted:hmac:[0-9a-f]{24}$/;
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const AUTHORIZATION_KEY = /^(proxy-)?authorization$/i;
// The token is what follows the scheme up to a separator; a marker already there is left alone.
const BEARER = /(\bbearer\s+)(?!redacted:hmac:)([^\s"',;]+)/gi;
/**
 * Text that can hold nothing redactEvent changes lacks all of these: most events, which are then not
 * walked. `authorization"` is a key (`"Authorization":`), not the `authorization.k8s.io/…` annotations
 * every event has.
 */
const MAY_HOLD = /secret|token|bearer|authorization\\?"|last-applied-configuration/i;

export function isMarker(value: unknown): boolean {
  return typeof value === "string" && MARKER.test(value);
}

/** The marker for a value: 96 bits of HMAC-SHA-256 under the store's salt. */
export function markerOf(salt: string, value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return MARKER_PREFIX + createHmac("sha256", salt).update(text).digest("hex").slice(0, 24);
}

/**
 * Whether redaction looks at the event at all. Secrets and tokens travel in bodies, logged at the Request
 * and RequestResponse levels: a Metadata event, most of any log, is walked only when its text holds
 * "Bearer " or "bearer " (a token in a URI, a user agent or a message), which a substring search finds
 * far more cheaply than the full scan (~20% of a JSON.parse of the line).
 */
export function mayRedact(event: Json, text: string): boolean {
  if (event.requestObject !== undefined || event.responseObject !== undefined) return MAY_HOLD.test(text);
  return text.includes("earer ");
}

/** False when the event's text cannot hold a credential redactEvent would replace. */
export function mayHoldSecrets(text: string): boolean {
  return MAY_HOLD.test(text);
}

type Context = { salt: string; changed: boolean };

function mark(ctx: Context, value: unknown): unknown {
  if (value === null || value === undefined || value === "" || isMarker(value)) return value;
  ctx.changed = true;
  return markerOf(ctx.salt, value);
}

/** A Secret's (or a patch of one's) data: every value marked, keys and `$patch`-style directives kept. */
function redactDataMap(ctx: Context, data: unknown): unknown {
  if (!isObject(data)) return mark(ctx, data);
  for (const key of Object.keys(data)) if (!key.startsWith("$")) data[key] = mark(ctx, data[key]);
  return data;
}

function redactSecret(ctx: Context, secret: Json): void {
  for (const field of ["data", "stringData"] as const) {
    if (field in secret) secret[field] = redactDataMap(ctx, secret[field]);
  }
  const annotations = isObject(secret.metadata) ? secret.metadata.annotations : undefined;
  if (isObject(annotations) && typeof annotations[LAST_APPLIED] === "string") {
    annotations[LAST_APPLIED] = redactEmbedded(ctx, annotations[LAST_APPLIED], true);
  }
}

/**
 * JSON (or YAML) text of an object: kubectl's last-applied copy, or an apply patch logged as text. Within
 * a Secret's context, text that does not parse is marked whole rather than kept.
 */
function redactEmbedded(ctx: Context, text: string, inSecret: boolean): string {
  if (isMarker(text)) return text;
  let value: unknown;
  let yaml = false;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = parseYaml(text);
      yaml = true;
    } catch {
      return inSecret ? (mark(ctx, text) as string) : text;
    }
  }
  if (!isObject(value)) return inSecret ? (mark(ctx, text) as string) : text;
  const inner: Context = { salt: ctx.salt, changed: false };
  if (inSecret) redactSecret(inner, value);
  walk(inner, value);
  if (!inner.changed) return text;
  ctx.changed = true;
  if (yaml) return stringifyYaml(value);
  return JSON.stringify(value) + (text.endsWith("\n") ? "\n" : "");
}

/** One RFC 6902 operation of a patch to a Secret. */
function redactSecretPatchOp(ctx: Context, op: unknown): void {
  if (!isObject(op) || typeof op.path !== "string" || !("value" in op)) return;
  const path = op.path;
  if (path === "/data" || path === "/stringData") op.value = redactDataMap(ctx, op.value);
  else if (path.startsWith("/data/") || path.startsWith("/stringData/")) op.value = mark(ctx, op.value);
  else if (path === "" || path === "/") {
    if (isObject(op.value)) redactSecret(ctx, op.value);
  } else if (path === `/metadata/annotations/${LAST_APPLIED.replace("/", "~1")}` && typeof op.value === "string") {
    op.value = redactEmbedded(ctx, op.value, true);
  }
}

/** A request or response body of a request on `secrets`: a Secret, a patch of one, a list or table of them. */
function redactSecretsBody(ctx: Context, body: unknown): unknown {
  if (typeof body === "string") return redactEmbedded(ctx, body, true);
  if (Array.isArray(body)) {
    for (const op of body) redactSecretPatchOp(ctx, op);
    return body;
  }
  if (!isObject(body)) return body;
  if (Array.isArray(body.items)) {
    for (const item of body.items) if (isObject(item)) redactSecret(ctx, item);
  } else if (body.kind === "Table" && Array.isArray(body.rows)) {
    for (const row of body.rows) if (isObject(row) && isObject(row.object)) redactSecret(ctx, row.object);
  } else {
    redactSecret(ctx, body);
  }
  return body;
}

function redactField(ctx: Context, holder: unknown, field: string): void {
  if (isObject(holder) && field in holder) holder[field] = mark(ctx, holder[field]);
}

/** An `authorization` field's value: the scheme ("Bearer", "Basic") kept, the credential marked. */
function redactAuthorization(ctx: Context, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => redactAuthorization(ctx, v));
  if (typeof value !== "string") return mark(ctx, value);
  const m = /^(\S+\s+)(.+)$/.exec(value);
  if (!m) return mark(ctx, value);
  return isMarker(m[2]) ? value : m[1] + (mark(ctx, m[2]) as string);
}

function redactBearers(ctx: Context, text: string): string {
  if (!/bearer/i.test(text)) return text;
  const out = text.replace(BEARER, (_, scheme: string, token: string) => scheme + markerOf(ctx.salt, token));
  if (out !== text) ctx.changed = true;
  return out;
}

/** Everything that names itself wherever it sits: Secrets, token kinds, authorization fields, bearer strings. */
function walk(ctx: Context, value: unknown): unknown {
  if (typeof value === "string") return redactBearers(ctx, value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = walk(ctx, value[i]);
    return value;
  }
  if (!isObject(value)) return value;
  if (value.kind === "Secret") redactSecret(ctx, value);
  else if (value.kind === "SecretList" && Array.isArray(value.items)) {
    for (const item of value.items) if (isObject(item)) redactSecret(ctx, item);
  } else if (value.kind === "TokenRequest") redactField(ctx, value.status, "token");
  else if (value.kind === "TokenReview") redactField(ctx, value.spec, "token");
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (AUTHORIZATION_KEY.test(key)) value[key] = redactAuthorization(ctx, v);
    else if (key === LAST_APPLIED && typeof v === "string") value[key] = redactEmbedded(ctx, v, false);
    else value[key] = walk(ctx, v);
  }
  return value;
}

const BODIES = ["requestObject", "responseObject"] as const;

/**
 * The event with its credentials replaced by markers, as a new object; null when it holds none (the
 * event is then stored as received). Bodies of requests on `secrets`, `serviceaccounts/token` and
 * `tokenreviews` are redacted by where they were sent, since patches and old events carry no `kind`;
 * anything else by what it says it is.
 */
export function redactEvent(event: Json, salt: string): Json | null {
  const copy = structuredClone(event);
  const ref = isObject(copy.objectRef) ? copy.objectRef : {};
  return redactInPlace(copy, ref, copy, BODIES, salt) ? copy : null;
}

/**
 * A GKE Cloud Logging record redacted as the event converted from it would be (`event` gives where its
 * bodies were sent), as a new object; null when it holds no credential. The whole record is walked, so
 * what the conversion leaves out (request metadata, authorization info, service data) is covered too.
 */
export function redactCloudRecord(record: Json, event: Json, salt: string): Json | null {
  const copy = structuredClone(record);
  const ref = isObject(event.objectRef) ? event.objectRef : {};
  const payload = isObject(copy.protoPayload) ? copy.protoPayload : {};
  return redactInPlace(copy, ref, payload, ["request", "response"], salt) ? copy : null;
}

/** Redacts `root`, whose bodies sit in `holder` under `fields`; true when anything was replaced. */
function redactInPlace(root: Json, ref: Json, holder: Json, fields: readonly string[], salt: string): boolean {
  const ctx: Context = { salt, changed: false };
  const group = typeof ref.apiGroup === "string" ? ref.apiGroup : "";
  const subresource = ref.subresource ?? null;
  for (const field of fields) {
    if (!(field in holder)) continue;
    const body = holder[field];
    if (ref.resource === "secrets" && group === "" && subresource === null) holder[field] = redactSecretsBody(ctx, body);
    else if (ref.resource === "serviceaccounts" && subresource === "token" && isObject(body)) redactField(ctx, body.status, "token");
    else if (ref.resource === "tokenreviews" && isObject(body)) redactField(ctx, body.spec, "token");
  }
  walk(ctx, root);
  return ctx.changed;
}
