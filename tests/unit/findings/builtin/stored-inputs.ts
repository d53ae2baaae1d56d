import type { BodyCheckContext, LoggedBodies, RuleInput } from "@/lib/findings/types";
import type { Db } from "@/lib/store/sqlite/db";
import { readFindingSettings } from "@/lib/findings/settings";
import { matchableRequests } from "@/lib/store/sqlite/matchable";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every stored request as the engine sees it, read back the way the store keeps it: the facts from
 * `matchableRequests`, the bodies from the stored (redacted) original events.
 */
export async function storedInputs(db: Db): Promise<RuleInput[]> {
  const store = sqliteStore(db);
  const inputs: RuleInput[] = [];
  for (const { id, request } of matchableRequests(db)) {
    const detail = await store.requests.get(id, null);
    const bodies = bodiesOf((detail?.events ?? []).map((e) => JSON.parse(e.raw) as unknown));
    inputs.push({ id, request, bodies: () => bodies });
  }
  return inputs;
}

/** The bodies a request's events logged: the last event that carries each wins. */
function bodiesOf(events: unknown[]): LoggedBodies | undefined {
  const bodies: LoggedBodies = {};
  for (const e of events) {
    if (!isObject(e)) continue;
    if (e.requestObject !== undefined) bodies.requestObject = e.requestObject;
    if (e.responseObject !== undefined) bodies.responseObject = e.responseObject;
  }
  return bodies.requestObject === undefined && bodies.responseObject === undefined ? undefined : bodies;
}

/**
 * What a body check may look up, from the inputs themselves: a role's rules are those of its newest
 * create or update that logged the object before the request checked, in (time, id) order (the store's
 * own lookup does the same over the whole store).
 */
export function contextOf(inputs: RuleInput[], env: Record<string, string>): (input: RuleInput) => BodyCheckContext {
  const versions = new Map<string, { tsUs: number; id: number; rules: unknown[] }[]>();
  for (const { id, request, bodies } of [...inputs].sort((a, b) => a.request.tsUs - b.request.tsUs || a.id - b.id)) {
    const kind = request.resource === "roles" ? "Role" : request.resource === "clusterroles" ? "ClusterRole" : null;
    if (kind === null || request.subresource !== null || !["create", "update"].includes(request.verb) || (request.code ?? 0) >= 400) continue;
    const b = bodies();
    const object = isObject(b?.responseObject) && b.responseObject.kind !== "Status" ? b.responseObject : b?.requestObject;
    if (!isObject(object) || !Array.isArray(object.rules)) continue;
    const key = roleKey(kind, request.namespace, request.name);
    versions.set(key, [...(versions.get(key) ?? []), { tsUs: request.tsUs, id, rules: object.rules }]);
  }
  const trustedRegistries = readFindingSettings(env).settings.trustedRegistries ?? [];
  return ({ id, request }) => ({
    trustedRegistries,
    roleRules: (ref) =>
      (versions.get(roleKey(ref.kind, ref.kind === "Role" ? ref.namespace : null, ref.name)) ?? [])
        .filter((v) => v.tsUs < request.tsUs || (v.tsUs === request.tsUs && v.id < id))
        .at(-1)?.rules,
  });
}

const roleKey = (kind: string, namespace: string | null, name: string | null) => JSON.stringify([kind, kind === "Role" ? namespace : null, name]);
