import fs from "node:fs";
import YAML from "yaml";
import { z } from "zod";
import { log } from "@/lib/log/logger.mjs";
import { AuthConfigError } from "./config";
import { isPasswordHash } from "./password";
import { highestRole, roleSchema, scopeSchema, type Role, type Scope } from "./principal";

const name = z.string().trim().min(1).max(253);

const userSchema = z.strictObject({
  username: name,
  /** Made by `auditlens user hash`; a user without one cannot sign in with a password (proxy and OIDC users). */
  passwordHash: z.string().refine(isPasswordHash, "not a hash made by `auditlens user hash`").optional(),
  role: roleSchema,
  groups: z.array(name).default([]),
  scopes: z.array(scopeSchema).min(1).optional(),
});

/** Roles and scopes for members of a group: OpenID Connect's groups claim, the proxy's groups header, or a user's `groups`. */
const groupSchema = z.strictObject({
  name,
  role: roleSchema.optional(),
  scopes: z.array(scopeSchema).min(1).optional(),
});

// A plain list is the users alone.
const fileSchema = z.preprocess(
  (doc) => (Array.isArray(doc) ? { users: doc } : doc),
  z.strictObject({ users: z.array(userSchema).default([]), groups: z.array(groupSchema).default([]) }),
);

export type UserEntry = z.infer<typeof userSchema>;
export type UsersFile = z.infer<typeof fileSchema>;

/** Parses a users file's text (YAML, and so JSON); an error names the file and the entry. */
export function parseUsersFile(text: string, file: string): UsersFile {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new AuthConfigError(`${file}: not YAML or JSON: ${(e as Error).message}`);
  }
  const parsed = fileSchema.safeParse(doc ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path.length > 0) ?? parsed.error.issues[0]!;
    throw new AuthConfigError(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const u of parsed.data.users) {
    if (seen.has(u.username)) throw new AuthConfigError(`${file}: user "${u.username}" is listed twice`);
    seen.add(u.username);
  }
  return parsed.data;
}

let cache: { file: string; stamp: string; users: UsersFile } | null = null;

/**
 * The users file, read again when it changes on disk (so removing a user or a scope takes effect at the
 * next request). An edit that does not parse keeps the last good version in force and is reported once.
 */
export function loadUsersFile(file: string): UsersFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new AuthConfigError(`AUDITLENS_USERS_FILE: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  if (cache?.file === file && cache.stamp === stamp) return cache.users;
  try {
    const users = parseUsersFile(fs.readFileSync(file, "utf8"), file);
    const previous = cache?.file === file ? cache.users : null;
    cache = { file, stamp, users };
    const changes = previous ? userChanges(previous, users) : null;
    if (changes) onUsersChanged?.(file, changes);
    return users;
  } catch (e) {
    if (cache?.file !== file) throw e;
    log.warn(`${(e as Error).message}; keeping the previous version of the users file`);
    cache = { ...cache, stamp };
    return cache.users;
  }
}

export type UserChanges = { added: string[]; removed: string[]; changed: string[]; groupsChanged: boolean };

/** Who was added, removed or changed (role, groups, scopes or password) between two versions of the file; null when nobody. */
export function userChanges(before: UsersFile, after: UsersFile): UserChanges | null {
  const byName = (f: UsersFile) => new Map(f.users.map((u) => [u.username, JSON.stringify(u)]));
  const [a, b] = [byName(before), byName(after)];
  const changes: UserChanges = {
    added: [...b.keys()].filter((n) => !a.has(n)),
    removed: [...a.keys()].filter((n) => !b.has(n)),
    changed: [...b.keys()].filter((n) => a.has(n) && a.get(n) !== b.get(n)),
    groupsChanged: JSON.stringify(before.groups) !== JSON.stringify(after.groups),
  };
  return changes.added.length || changes.removed.length || changes.changed.length || changes.groupsChanged ? changes : null;
}

let onUsersChanged: ((file: string, changes: UserChanges) => void) | null = null;

/** Called when a re-read of the users file finds other users, roles or scopes (the activity log records it). */
export function whenUsersChange(listener: (file: string, changes: UserChanges) => void): void {
  onUsersChanged = listener;
}

export type Grant = { role: Role; groups: string[]; scopes: Scope[] | null };

/**
 * What a name and its groups may do: the highest role among the user's entry and its groups' entries, and
 * the union of their scopes (unscoped when none of them names a scope). null when nothing grants a role.
 */
export function grantFor(users: UsersFile, username: string, extraGroups: string[] = []): Grant | null {
  const user = users.users.find((u) => u.username === username);
  const groups = [...new Set([...(user?.groups ?? []), ...extraGroups])];
  const groupEntries = users.groups.filter((g) => groups.includes(g.name));
  const role = highestRole([...(user ? [user.role] : []), ...groupEntries.flatMap((g) => (g.role ? [g.role] : []))]);
  if (!role) return null;
  const scopeLists = [user?.scopes, ...groupEntries.map((g) => g.scopes)].filter((s): s is Scope[] => !!s);
  return { role, groups, scopes: scopeLists.length ? scopeLists.flat() : null };
}

/** The users file as an admin may see it: names, roles, groups and scopes, never password hashes. */
export function describeUsersFile(users: UsersFile): { users: { username: string; role: Role; groups: string[]; scopes: Scope[] | null; password: boolean }[]; groups: { name: string; role: Role | null; scopes: Scope[] | null }[] } {
  return {
    users: users.users.map((u) => ({ username: u.username, role: u.role, groups: u.groups, scopes: u.scopes ?? null, password: !!u.passwordHash })),
    groups: users.groups.map((g) => ({ name: g.name, role: g.role ?? null, scopes: g.scopes ?? null })),
  };
}
