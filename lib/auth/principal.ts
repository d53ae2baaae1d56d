import { z } from "zod";

export const ROLES = ["viewer", "ingester", "admin"] as const;
export const roleSchema = z.enum(ROLES);
/** viewer: browse, share, export, save views; ingester: plus uploads; admin: plus deletions, retention, tokens, activity. */
export type Role = z.infer<typeof roleSchema>;

/** A role grants everything the roles before it in ROLES grant. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function highestRole(roles: Role[]): Role | null {
  let best: Role | null = null;
  for (const r of roles) if (best === null || roleAllows(r, best)) best = r;
  return best;
}

const name = z.string().trim().min(1).max(253);

/**
 * Where a scoped principal may look: one cluster, and within it only these namespaces (all of the
 * cluster's namespaced requests when `namespaces` is absent). Cluster-scoped requests (no namespace) are
 * outside every scope: they are for unscoped principals only.
 */
export const scopeSchema = z.strictObject({
  cluster: name,
  namespaces: z.array(name).min(1).optional(),
});
export type Scope = z.infer<typeof scopeSchema>;

export type SignInMethod = "open" | "password" | "access-token" | "api-token" | "oidc" | "proxy";

export type Principal = {
  name: string;
  role: Role;
  groups: string[];
  /** null: unscoped, sees everything. Otherwise the union of these scopes (never empty). */
  scopes: Scope[] | null;
  method: SignInMethod;
};
