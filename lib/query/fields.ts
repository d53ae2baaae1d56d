/**
 * The query language's field names (pure, client-safe: the search box completes them). Each field says
 * what kind of value it takes, which decides how the parser reads a value and which errors it reports.
 */
export type FieldKind = "text" | "number" | "ip" | "enum";

export type FieldSpec = {
  kind: FieldKind;
  /** One line for autocomplete. */
  hint: string;
  /** Allowed values of an enum field. */
  values?: readonly string[];
};

export const FIELDS = {
  user: { kind: "text", hint: "authenticated username" },
  as: { kind: "text", hint: "impersonated username" },
  actor: { kind: "text", hint: "effective user: impersonated, else authenticated" },
  usergroup: { kind: "text", hint: "any of the user's groups" },
  verb: { kind: "text", hint: "get, list, create, delete, …" },
  resource: { kind: "text", hint: "pods, pods/log, */exec" },
  subresource: { kind: "text", hint: "log, exec, status, …" },
  ns: { kind: "text", hint: "namespace" },
  name: { kind: "text", hint: "object name" },
  group: { kind: "text", hint: "API group (core = the core group)" },
  version: { kind: "text", hint: "API version" },
  code: { kind: "number", hint: "404, 4xx, >=400" },
  latency: { kind: "number", hint: "milliseconds: >500" },
  ip: { kind: "ip", hint: "source IP, wildcard or CIDR" },
  ua: { kind: "text", hint: "user agent, or \"kubectl 1.30.3\"" },
  cluster: { kind: "text", hint: "cluster name" },
  decision: { kind: "enum", hint: "allow or forbid", values: ["allow", "forbid"] },
  level: { kind: "enum", hint: "audit level", values: ["None", "Metadata", "Request", "RequestResponse"] },
  stage: { kind: "enum", hint: "a stage seen", values: ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"] },
  flag: { kind: "enum", hint: "future, conflict or truncated", values: ["future", "conflict", "truncated"] },
  uri: { kind: "text", hint: "request URI, wildcard" },
  auditid: { kind: "text", hint: "audit ID" },
  reason: { kind: "text", hint: "authorization reason, wildcard" },
  binding: { kind: "text", hint: "RBAC binding that allowed it" },
  role: { kind: "text", hint: "RBAC role that allowed it" },
  subject: { kind: "text", hint: "RBAC subject that was bound" },
  command: { kind: "text", hint: "exec: the command line, wildcard" },
  container: { kind: "text", hint: "exec, attach, log: the container" },
  rule: { kind: "text", hint: "detection rule that found it" },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;

/** Other spellings accepted for a field. */
export const FIELD_ALIASES: Record<string, FieldName> = { namespace: "ns" };

export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export function resolveField(name: string): FieldName | null {
  if (Object.hasOwn(FIELDS, name)) return name as FieldName;
  // hasOwn, not `in` or a plain lookup: "constructor" and "toString" are on every object's prototype.
  return Object.hasOwn(FIELD_ALIASES, name) ? FIELD_ALIASES[name]! : null;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known field name closest to a misspelt one, when one is close enough to be a plausible typo. */
export function closestField(name: string): string | null {
  const lower = name.toLowerCase();
  const candidates = [...FIELD_NAMES, ...Object.keys(FIELD_ALIASES)];
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c === lower ? 0 : c.startsWith(lower) ? 1 : distance(lower, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(lower.length / 3)) + (lower.length > 4 ? 1 : 0) ? best : null;
}
