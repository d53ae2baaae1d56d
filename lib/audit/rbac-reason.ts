/**
 * What `authorization.k8s.io/reason` says about an authorization decision. The API server writes the
 * allowing authorizer's reason (or, on a denial, every authorizer's, one per line). Upstream RBAC
 * (plugin/pkg/auth/authorizer/rbac, pkg/registry/rbac/validation) prints `RBAC: allowed by <describer>`:
 * - `ClusterRoleBinding "x" of ClusterRole "y" to Group "z"` (or `to User "u"`),
 * - `RoleBinding "x/ns" of Role "y" to …` (a RoleBinding may also refer to a ClusterRole),
 * - a ServiceAccount subject as `ServiceAccount "name/namespace"`.
 * Names are Go %q-quoted. Other forms turn up too, and name a binding just the same: the describer
 * without the `RBAC: ` prefix (SubjectAccessReviews before 1.8), another label in its place (EKS access
 * policies: `EKS Access Policy: allowed by ClusterRoleBinding "…"`), names written bare or in single
 * quotes (re-typed and re-serialised logs: `allowed by ClusterRoleBinding cluster-admin of ClusterRole
 * cluster-admin to Group system:masters`), and the binding alone (`RBAC: allowed by ClusterRoleBinding
 * system:public-info-viewer`).
 */
export type RbacReason = {
  /** The label before "allowed by": "RBAC", "EKS Access Policy"; null when there is none. */
  authorizer: string | null;
  bindingKind: "ClusterRoleBinding" | "RoleBinding";
  /** As printed: RoleBindings carry "name/namespace". */
  binding: string;
  bindingName: string;
  /** The RoleBinding's namespace; null for ClusterRoleBindings. */
  bindingNamespace: string | null;
  /** null when the reason names the binding only. */
  roleKind: "ClusterRole" | "Role" | null;
  role: string | null;
  /** User, Group or ServiceAccount; null when the reason does not say. */
  subjectKind: string | null;
  /** As printed: ServiceAccounts carry "name/namespace". */
  subject: string | null;
  /** For ServiceAccounts, the username the API server authenticates them as. */
  subjectUser: string | null;
};

/** The start of a describer: an optional label, "allowed by" and the binding's kind, at the start of a line. */
const HEAD = /^[ \t]*(?:([A-Za-z][\w .-]{0,40}?): )?allowed by (ClusterRoleBinding|RoleBinding) /;

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34, "'": 39 };
const utf8 = new TextEncoder();

/** A Go %q string from its opening quote: its value and where it ends, or null when it is cut off. */
function goQuoted(s: string, start: number): { value: string; end: number } | null {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { value: new TextDecoder().decode(new Uint8Array(bytes)), end: i + 1 };
    if (c !== "\\") {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8.encode(ch));
      i += ch.length;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) return null;
    const hex = (n: number) => (/^[0-9a-fA-F]+$/.test(s.slice(i + 2, i + 2 + n)) && s.length >= i + 2 + n ? parseInt(s.slice(i + 2, i + 2 + n), 16) : null);
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (e === "x" && hex(2) !== null) {
      // \xHH is one byte: a run of them is UTF-8 that %q could not print.
      bytes.push(hex(2)!);
      i += 4;
    } else if ((e === "u" && hex(4) !== null) || (e === "U" && hex(8) !== null)) {
      const n = e === "u" ? 4 : 8;
      const cp = hex(n)!;
      bytes.push(...utf8.encode(cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd"));
      i += 2 + n;
    } else if (/^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8) & 0xff);
      i += 4;
    } else {
      bytes.push(...utf8.encode(e));
      i += 2;
    }
  }
  return null;
}

/** A name at `start`: Go-quoted, single-quoted, or bare up to the next space (`rest`: to the end of the line). */
function nameAt(s: string, start: number, rest = false): { value: string; end: number } | null {
  if (s[start] === '"') return goQuoted(s, start);
  if (s[start] === "'") {
    const close = s.indexOf("'", start + 1);
    return close < 0 ? null : { value: s.slice(start + 1, close), end: close + 1 };
  }
  const stop = rest ? s.length : s.slice(start).search(/\s/);
  const end = stop < 0 || rest ? s.length : start + stop;
  const value = s.slice(start, end).trimEnd();
  return value === "" ? null : { value, end };
}

function splitLast(s: string): [string, string | null] {
  const slash = s.lastIndexOf("/");
  return slash < 0 ? [s, null] : [s.slice(0, slash), s.slice(slash + 1)];
}

function subjectUserOf(kind: string | null, subject: string | null): string | null {
  if (subject === null) return null;
  if (kind === "User") return subject;
  if (kind !== "ServiceAccount") return null;
  const [name, ns] = splitLast(subject);
  return ns ? `system:serviceaccount:${ns}:${name}` : null;
}

function parseLine(line: string): RbacReason | null {
  const head = HEAD.exec(line);
  if (!head) return null;
  const bindingKind = head[2] as RbacReason["bindingKind"];
  const binding = nameAt(line, head[0].length);
  if (!binding) return null;
  let roleKind: RbacReason["roleKind"] = null;
  let role: string | null = null;
  let subjectKind: string | null = null;
  let subject: string | null = null;
  const of = /^ of (ClusterRole|Role) /.exec(line.slice(binding.end));
  const roleName = of ? nameAt(line, binding.end + of[0].length) : null;
  if (of && roleName) {
    roleKind = of[1] as "ClusterRole" | "Role";
    role = roleName.value;
    const to = /^ to (\w+) /.exec(line.slice(roleName.end));
    // A bare subject runs to the end of the line: group names may hold spaces.
    const subjectName = to ? nameAt(line, roleName.end + to[0].length, !/^["']/.test(line.slice(roleName.end + to[0].length))) : null;
    if (to && subjectName) {
      subjectKind = to[1]!;
      subject = subjectName.value;
    }
  }
  const [bindingName, bindingNamespace] = bindingKind === "RoleBinding" ? splitLast(binding.value) : [binding.value, null];
  return {
    authorizer: head[1] ?? null,
    bindingKind,
    binding: binding.value,
    bindingName,
    bindingNamespace,
    roleKind,
    role,
    subjectKind,
    subject,
    subjectUser: subjectUserOf(subjectKind, subject),
  };
}

/** The binding a reason names, in any of the forms above; null when it names none. */
export function parseRbacReason(reason: string | null | undefined): RbacReason | null {
  if (!reason) return null;
  for (const line of reason.split("\n")) {
    const r = parseLine(line.trimEnd());
    if (r) return r;
  }
  return null;
}
