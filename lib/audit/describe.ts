import { STATUS_CODES } from "node:http";
import { parsePodSession, sessionSummary } from "./pod-session";
import { normalizeUserAgent } from "./user-agent";

/** What a header sentence needs from a request (a store's RequestRow has it all). */
export type Describable = {
  user: string | null;
  impersonatedUser: string | null;
  verb: string;
  resource: string | null;
  subresource: string | null;
  namespace: string | null;
  name: string | null;
  requestURI: string;
  code: number | null;
  /** Last stage time − received time, in milliseconds (microsecond precision); null when it cannot be measured (latency.ts). */
  latencyMs: number | null;
  sourceIP: string | null;
  userAgent: string | null;
  decision: "allow" | "forbid" | null;
};

/** The sentence in pieces, so a page can link the actor and the object without re-deriving them. */
export type Description = {
  /** "alice", "system:admin as bob", "an unknown user". */
  actor: string;
  /** "deleted deployment prod/api", "was forbidden to delete …", "tried to read …". */
  action: string;
  /** "200 OK, 12 ms, from 10.0.0.5 with kubectl 1.30.3"; empty when nothing is known. */
  outcome: string;
};

type Phrase = { inf: string; past: string };

const IRREGULAR_SINGULAR: Record<string, string> = {
  endpoints: "endpoints",
  componentstatuses: "componentstatus",
  statuses: "status",
};

/** "deployments" → "deployment", "networkpolicies" → "networkpolicy", "ingresses" → "ingress". */
export function singularKind(resource: string): string {
  const lower = resource.toLowerCase();
  const irregular = IRREGULAR_SINGULAR[lower];
  if (irregular) return irregular;
  if (lower.endsWith("ies")) return `${resource.slice(0, -3)}y`;
  if (/(ss|us|ch|sh|x)es$/.test(lower)) return resource.slice(0, -2);
  if (lower.endsWith("s") && !lower.endsWith("ss")) return resource.slice(0, -1);
  return resource;
}

/** Verbs of resource requests: the infinitive (for "tried to …") and the past tense. */
const VERBS: Record<string, Phrase> = {
  get: { inf: "read", past: "read" },
  list: { inf: "list", past: "listed" },
  watch: { inf: "watch", past: "watched" },
  create: { inf: "create", past: "created" },
  update: { inf: "update", past: "updated" },
  patch: { inf: "patch", past: "patched" },
  delete: { inf: "delete", past: "deleted" },
  deletecollection: { inf: "delete all", past: "deleted all" },
  proxy: { inf: "proxy to", past: "proxied to" },
  impersonate: { inf: "impersonate", past: "impersonated" },
  bind: { inf: "bind", past: "bound" },
  escalate: { inf: "escalate", past: "escalated" },
  approve: { inf: "approve", past: "approved" },
  sign: { inf: "sign", past: "signed" },
  use: { inf: "use", past: "used" },
};

/** Subresources whose verb says less than the subresource does (`create pods/exec` is "exec'd into"). */
const SUBRESOURCES: Record<string, (verb: string) => Phrase | null> = {
  exec: () => ({ inf: "exec into", past: "exec'd into" }),
  attach: () => ({ inf: "attach to", past: "attached to" }),
  portforward: () => ({ inf: "port-forward to", past: "port-forwarded to" }),
  proxy: () => ({ inf: "proxy to", past: "proxied to" }),
  log: () => ({ inf: "read the logs of", past: "read the logs of" }),
  eviction: () => ({ inf: "evict", past: "evicted" }),
  binding: () => ({ inf: "schedule", past: "scheduled" }),
  token: () => ({ inf: "request a token for", past: "requested a token for" }),
  scale: (verb) => (verb === "get" ? { inf: "read the scale of", past: "read the scale of" } : { inf: "scale", past: "scaled" }),
  approval: (verb) => (verb === "get" ? null : { inf: "approve", past: "approved" }),
};

function verbPhrase(verb: string): Phrase {
  return VERBS[verb] ?? { inf: `${verb}`, past: `ran "${verb}" on` };
}

function subresourcePhrase(verb: string, sub: string): Phrase {
  const special = SUBRESOURCES[sub]?.(verb);
  if (special) return special;
  const v = verbPhrase(verb);
  return { inf: `${v.inf} the ${sub} of`, past: `${v.past} the ${sub} of` };
}

function objectText(r: Describable): string {
  if (!r.resource) return r.requestURI.split("?")[0] || r.requestURI;
  const collection = r.name === null || r.name === "";
  if (collection) {
    const where = r.namespace ? ` in ${r.namespace}` : "";
    // A create without a name in the URL (generateName, or a name only in the body).
    if (r.verb === "create" && !r.subresource) return `a ${singularKind(r.resource)}${where}`;
    return `${r.resource}${where}`;
  }
  const kind = singularKind(r.resource);
  return `${kind} ${r.namespace ? `${r.namespace}/${r.name}` : r.name}`;
}

/**
 * An exec names its command and an attach, log or port-forward what it reached, from the URI's query
 * string: "exec'd `sh -c id` in pod ns/p (container app, tty)".
 */
function sessionPhrase(r: Describable, p: Phrase, obj: string): Phrase | null {
  const session = parsePodSession(r.subresource, r.requestURI);
  if (!session) return null;
  const { command, details } = sessionSummary(session);
  const after = details ? ` (${details})` : "";
  if (command !== null) return { inf: `exec \`${command}\` in ${obj}${after}`, past: `exec'd \`${command}\` in ${obj}${after}` };
  return { inf: `${p.inf} ${obj}${after}`, past: `${p.past} ${obj}${after}` };
}

function actionPhrase(r: Describable): Phrase {
  if (!r.resource) {
    // Non-resource requests carry the lower-cased HTTP method as their verb.
    const what = `${r.verb.toUpperCase()} ${objectText(r)}`;
    return { inf: `call ${what}`, past: `called ${what}` };
  }
  const p = r.subresource ? subresourcePhrase(r.verb, r.subresource) : verbPhrase(r.verb);
  const obj = objectText(r);
  return sessionPhrase(r, p, obj) ?? { inf: `${p.inf} ${obj}`, past: `${p.past} ${obj}` };
}

/** Latency for a sentence: whole milliseconds, seconds and minutes for long-running calls. */
function latencyText(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return null;
  if (ms < 1) return "<1 ms";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function statusText(code: number | null): string | null {
  if (code === null) return null;
  const phrase = STATUS_CODES[code];
  return phrase ? `${code} ${phrase}` : String(code);
}

export function describeParts(r: Describable): Description {
  const user = r.user ?? "an unknown user";
  const actor = r.impersonatedUser ? `${user} as ${r.impersonatedUser}` : user;
  const p = actionPhrase(r);
  let action: string;
  if (r.decision === "forbid" || r.code === 403) action = `was forbidden to ${p.inf}`;
  else if (r.code === null || r.code >= 400) action = `tried to ${p.inf}`;
  else action = p.past;

  const outcome: string[] = [];
  outcome.push(statusText(r.code) ?? "no response recorded");
  const latency = latencyText(r.latencyMs);
  if (latency) outcome.push(latency);
  const from = r.sourceIP ? `from ${r.sourceIP}` : "";
  const ua = normalizeUserAgent(r.userAgent);
  const tool = ua ? `with ${ua}` : "";
  const origin = [from, tool].filter(Boolean).join(" ");
  if (origin) outcome.push(origin);
  return { actor, action, outcome: outcome.join(", ") };
}

/** "alice deleted deployment prod/api — 200 OK, 12 ms, from 10.0.0.5 with kubectl 1.30.3". */
export function describeRequest(r: Describable): string {
  const d = describeParts(r);
  return `${d.actor} ${d.action} — ${d.outcome}`;
}
