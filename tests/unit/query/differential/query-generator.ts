import { podSessionPart } from "@/lib/audit/pod-session";
import { parseRbacReason } from "@/lib/audit/rbac-reason";
import { normalizeUserAgent } from "@/lib/audit/user-agent";
import { QuerySyntaxError } from "@/lib/query/errors";
import { FIELD_NAMES, FIELDS, type FieldName } from "@/lib/query/fields";
import { RANGE_PRESETS, type Filter } from "@/lib/query/filter";
import type { MatchableRequest } from "@/lib/query/matchable";
import { parseQuery } from "@/lib/query/parse";
import { formatMicros } from "@/lib/time/micros";

/** mulberry32: a seeded generator, so that a failing query is the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const distinct = <T>(xs: Iterable<T | null | undefined>): T[] => [...new Set([...xs].filter((x): x is T => x !== null && x !== undefined))];

/** The values each field takes in the data, so that generated terms match something. */
type Pools = Record<FieldName, string[]> & { texts: string[]; times: number[] };

function poolsOf(requests: MatchableRequest[]): Pools {
  const of = (f: (r: MatchableRequest) => string | null | undefined) => distinct(requests.map(f));
  const rbac = (part: "binding" | "role" | "subject") => of((r) => parseRbacReason(r.reason)?.[part]);
  const agents = of((r) => r.userAgent);
  const enumValues = (f: "decision" | "level" | "stage" | "flag") => [...FIELDS[f].values];
  return {
    user: of((r) => r.user),
    as: of((r) => r.impersonatedUser),
    actor: of((r) => r.impersonatedUser ?? r.user),
    usergroup: distinct(requests.flatMap((r) => r.groups ?? [])),
    verb: of((r) => r.verb),
    resource: distinct(requests.flatMap((r) => (r.resource ? [r.resource, r.subresource ? `${r.resource}/${r.subresource}` : null] : []))),
    subresource: of((r) => r.subresource),
    ns: of((r) => r.namespace),
    name: of((r) => r.name),
    group: distinct(requests.map((r) => (r.apiGroup === "" ? "core" : r.apiGroup))),
    version: of((r) => r.apiVersion),
    code: distinct(requests.map((r) => (r.code === null ? null : String(r.code)))),
    latency: distinct(requests.map((r) => (r.latencyUs === null ? null : String(r.latencyUs / 1000)))),
    ip: of((r) => r.sourceIP),
    ua: distinct([...agents, ...agents.map(normalizeUserAgent), ...agents.map((a) => /^(\S+) \d/.exec(normalizeUserAgent(a) ?? "")?.[1])]),
    cluster: of((r) => r.cluster),
    decision: enumValues("decision"),
    level: enumValues("level"),
    stage: enumValues("stage"),
    flag: enumValues("flag"),
    uri: of((r) => r.requestURI),
    auditid: of((r) => r.auditID),
    reason: of((r) => r.reason),
    binding: rbac("binding"),
    role: rbac("role"),
    subject: rbac("subject"),
    command: of((r) => podSessionPart("command", r.subresource, r.requestURI)),
    container: of((r) => podSessionPart("container", r.subresource, r.requestURI)),
    rule: distinct(requests.flatMap((r) => r.rules)),
    texts: distinct(requests.flatMap((r) => [r.requestURI, r.name, r.message, r.userAgent])),
    times: distinct(requests.map((r) => r.tsUs)).sort((a, b) => a - b),
  };
}

/** The term a query starts with: a field, and the kind of value it takes (coverage.ts names them). */
export type Lead = { field: FieldName; form: string };

const quote = (s: string) => `"${s.replace(/[\\"*]/g, (c) => `\\${c}`)}"`;
/** A value the lexer reads bare: no space, quote, comma or parenthesis, and no comparison in front. */
const bareSafe = (s: string) => /^[^\s"(),\\*<>=!]+$/.test(s);

export class QueryGenerator {
  private readonly pools: Pools;
  constructor(
    requests: MatchableRequest[],
    private readonly next: () => number,
  ) {
    this.pools = poolsOf(requests);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  private chance(p: number): boolean {
    return this.next() < p;
  }

  /** A text value as exact, or as a pattern cut from it: prefix*, *suffix, *middle*, a*b or *. */
  private textValue(value: string, form?: string): string {
    const r = form === "eq" ? 0 : form === "pattern" ? 0.45 + this.next() * 0.55 : this.next();
    const cut = () => Math.floor(this.next() * (value.length + 1));
    let segments: string[];
    if (r < 0.45) segments = [value];
    else if (r < 0.6) segments = [value.slice(0, cut()), ""];
    else if (r < 0.7) segments = ["", value.slice(cut())];
    else if (r < 0.8) {
      const [a, b] = [cut(), cut()].sort((x, y) => x - y);
      segments = ["", value.slice(a, b), ""];
    } else if (r < 0.95) {
      const [a, b] = [cut(), cut()].sort((x, y) => x - y);
      segments = [value.slice(0, a), value.slice(b)];
    } else segments = ["", ""];
    if (segments.every(bareSafe) && segments.join("") !== "" && !this.chance(0.3)) return segments.join("*");
    return `"${segments.map((s) => quote(s).slice(1, -1)).join("*")}"`;
  }

  private cidr(ip: string): string {
    const address = ip.replace(/%.*$/, "");
    if (address.includes(":")) return `${address}/${this.pick([0, 10, 32, 64, 96, 127, 128])}`;
    return `${address}/${this.pick([0, 1, 8, 12, 16, 24, 31, 32])}`;
  }

  /** A value of the field; `form` ("absent", "eq", "pattern", "cidr", "range" or a comparison) forces its kind. */
  private value(field: FieldName, form?: string): string {
    if (form === "absent" || (form === undefined && this.chance(0.1))) return '""';
    const pool = this.pools[field];
    const fromData = pool.length > 0 && (form !== undefined || !this.chance(0.12));
    const op = (ops: string[]) => (form && ops.includes(form) ? form : this.pick(ops));
    switch (field) {
      case "code":
        if (form === "range" || (form === undefined && this.chance(0.3))) return this.pick(["1xx", "2xx", "3xx", "4xx", "5xx", "4XX"]);
        return `${op(["", "", ">", ">=", "<", "<=", "!=", "="])}${fromData ? this.pick(pool) : this.pick(["0", "200", "404", "999"])}`;
      case "latency":
        return `${op(["", ">", ">=", "<", "<=", "!=", "="])}${fromData ? this.pick(pool) : this.pick(["0", "0.5", "12.5", "500", "1000", "499.999"])}`;
      case "decision":
      case "level":
      case "stage":
      case "flag": {
        const v = this.pick(pool);
        return this.chance(0.2) ? v.toUpperCase() : v;
      }
      case "ip":
        if (form === "cidr" || (form === undefined && fromData && this.chance(0.4))) return this.cidr(this.pick(pool));
        if (!fromData) return this.pick(["10.0.0.0/8", "0.0.0.0/0", "::/0", "2001:db8::/32", "fe80::/10", "::ffff:0:0/96", "10.*", "*:*", "1.2.3.4"]);
        return this.textValue(this.pick(pool), form);
      default:
        if (!fromData) return this.textValue(this.pick(["nope", "system:*", "Alice", "ÜBER", "a b", "core", "*"]));
        return this.textValue(this.pick(pool), form);
    }
  }

  private term(field: FieldName, form?: string): string {
    const n = this.chance(0.25) ? 2 + Math.floor(this.next() * 2) : 1;
    const name = field === "ns" && this.chance(0.3) ? "namespace" : field;
    return `${name}:${Array.from({ length: n }, (_, i) => this.value(field, i === 0 ? form : undefined)).join(",")}`;
  }

  /** A word or a phrase cut from the data's texts (URIs, names, messages, agents), or made up. */
  private text(): string {
    if (this.chance(0.1)) return this.pick(["nothing", "ÉTÉ", "forbidden", "kubectl", "über", "日本語", "web", "API"]);
    const words = this.pick(this.pools.texts).split(/\s+/).filter(Boolean);
    if (words.length === 0) return "x";
    const start = Math.floor(this.next() * words.length);
    if (this.chance(0.35)) {
      const phrase = words.slice(start, start + 1 + Math.floor(this.next() * 3)).join(" ");
      const cut = this.chance(0.3) ? phrase.slice(0, Math.max(1, Math.floor(this.next() * phrase.length))) : phrase;
      return quote(cut).replaceAll("\\*", "*");
    }
    const word = words[start]!;
    const cut = this.chance(0.5) ? word.slice(Math.floor(this.next() * word.length / 2), Math.max(1, Math.ceil(word.length * (0.5 + this.next() / 2)))) : word;
    const cased = this.chance(0.2) ? cut.toUpperCase() : cut;
    return bareSafe(cased) && !cased.startsWith("-") ? cased : quote(cased).replaceAll("\\*", "*");
  }

  private atom(lead: Lead | null): string {
    if (lead === null && this.chance(0.25)) return this.text();
    return lead ? this.term(lead.field, lead.form) : this.term(this.pick(FIELD_NAMES));
  }

  private expr(depth: number, lead: Lead | null): string {
    const r = this.next();
    if (depth >= 3 || r < 0.5) return this.atom(lead);
    if (r < 0.65) return `-${this.chance(0.5) ? this.atom(lead) : `(${this.expr(depth + 1, lead)})`}`;
    if (r < 0.82) return `(${this.expr(depth + 1, lead)} OR ${this.expr(depth + 1, null)})`;
    return `${this.expr(depth + 1, lead)} ${this.expr(depth + 1, null)}`;
  }

  /** A query that parses, whose first term is `lead`: the caller gives every field and kind of value its turn. */
  query(lead: Lead): string {
    for (;;) {
      const parts = [this.expr(0, lead)];
      while (this.chance(0.35)) parts.push(this.expr(1, null));
      const q = this.chance(0.15) && parts.length > 1 ? parts.join(" OR ") : parts.join(" ");
      try {
        parseQuery(q);
        return q;
      } catch (e) {
        // Values cut from the data can read as a field name ("system:node:n1" → "system:") or hold no letter.
        if (!(e instanceof QuerySyntaxError)) throw e;
      }
    }
  }

  private list(pool: string[], extra: string[]): string[] {
    return Array.from({ length: 1 + Math.floor(this.next() * 2) }, () => (this.chance(0.85) && pool.length > 0 ? this.pick(pool) : this.pick(extra)));
  }

  private time(): string {
    const t = this.pick(this.pools.times);
    return formatMicros(t + this.pick([-1, 0, 0, 1]));
  }

  /** The URL keys of a view (lists, noise, a time window or a range preset), each present at random. */
  urlKeys(): Filter {
    const f: Filter = {};
    const p = this.pools;
    if (this.chance(0.2)) f.cluster = this.list(p.cluster, ["nope"]);
    if (this.chance(0.2)) f.user = this.list(p.user, ["nope", "system:*"]);
    if (this.chance(0.2)) f.verb = this.list(p.verb, ["nope"]);
    if (this.chance(0.2)) f.namespace = this.list(p.ns, ["nope"]);
    if (this.chance(0.2)) f.resource = this.list(p.resource, ["pods/*", "nope", "nodes/status"]);
    if (this.chance(0.15)) f.code = this.list(p.code, ["404"]).map(Number);
    if (this.chance(0.2)) f.noise = "hide";
    if (this.chance(0.1)) f.range = this.pick(RANGE_PRESETS);
    else if (this.chance(0.25)) {
      const [from, to] = [this.time(), this.time()].sort();
      if (this.chance(0.8)) f.from = from;
      if (this.chance(0.8) && from !== to) f.to = to;
    }
    return f;
  }
}
