import "server-only";
import { z } from "zod";
import { auditStore, type AuditStore } from "@/lib/store";
import type { ApiTokenRow } from "@/lib/store/rows";
import { shortId } from "@/lib/views/short-id";
import { recordActivity } from "./activity";
import { roleSchema, scopeSchema, type Role, type Scope } from "./principal";
import { newSecret, secretDigest } from "./secrets";

export const newTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  scopes: z.array(scopeSchema).min(1).optional(),
});

export type ApiToken = { id: string; name: string; role: Role; scopes: Scope[] | null; createdBy: string; createdAt: string; lastUsedAt: string | null };

const toToken = (r: ApiTokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  role: roleSchema.parse(r.role),
  scopes: r.scopes === null ? null : z.array(scopeSchema).parse(JSON.parse(r.scopes)),
  createdBy: r.createdBy,
  createdAt: new Date(r.createdAt).toISOString(),
  lastUsedAt: r.lastUsedAt === null ? null : new Date(r.lastUsedAt).toISOString(),
});

/** A token for scripts (`Authorization: Bearer …`). Its secret is returned this once; the store keeps a SHA-256 of it. */
export async function createApiToken(
  input: z.infer<typeof newTokenSchema>,
  createdBy: string,
  address: string | null,
  store: AuditStore = auditStore(),
): Promise<ApiToken & { token: string }> {
  const token = newSecret("alt_");
  const row = { id: shortId(), name: input.name, role: input.role, scopes: input.scopes ? JSON.stringify(input.scopes) : null, createdBy, createdAt: Date.now() };
  await store.access.insertApiToken(secretDigest(token), row);
  await recordActivity({ actor: createdBy, action: "token-created", target: row.id, detail: { name: row.name, role: row.role, scopes: input.scopes ?? null }, address }, store);
  return { ...toToken({ ...row, lastUsedAt: null }), token };
}

export async function apiTokens(store: AuditStore = auditStore()): Promise<ApiToken[]> {
  return (await store.access.listApiTokens()).map(toToken);
}

export async function revokeApiToken(id: string, actor: string, address: string | null, store: AuditStore = auditStore()): Promise<boolean> {
  const gone = await store.access.deleteApiToken(id);
  if (gone) await recordActivity({ actor, action: "token-deleted", target: id, detail: { name: gone.name }, address }, store);
  return !!gone;
}
