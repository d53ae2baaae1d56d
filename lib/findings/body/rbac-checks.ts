import type { BodyCheckContext } from "../types";
import { at, isObject, strings, text, type JsonObject } from "./json";

/** Verbs that let their holder give itself or others more than it has. */
const ESCALATING_VERBS = ["escalate", "bind", "impersonate"];

/**
 * What makes one policy rule powerful: "*" among its verbs, resources or API groups, or a verb that
 * escalates. Rules on non-resource URLs only (/healthz, /metrics) reach no object, so they are left out.
 */
function powerOf(rule: JsonObject): string | null {
  const verbs = strings(rule.verbs);
  const resources = strings(rule.resources);
  const groups = strings(rule.apiGroups);
  if (resources.length === 0 && groups.length === 0) return null;
  const wild = verbs.includes("*") || resources.includes("*") || groups.includes("*");
  if (!wild && !verbs.some((v) => ESCALATING_VERBS.includes(v))) return null;
  const on = resources.length === 0 ? "no resources" : `resources ${resources.join(",")}`;
  return `verbs ${verbs.join(",") || "(none)"} on ${on}${groups.includes("*") ? " in every API group" : ""}`;
}

/** "rules grant verbs * on resources *" for the rules of a role that grant too much, or null. */
export function powerfulRules(rules: readonly unknown[]): string | null {
  const found = [...new Set(rules.filter(isObject).flatMap((r) => powerOf(r) ?? []))];
  return found.length === 0 ? null : `rules grant ${found.join("; ")}`;
}

/** A (Cluster)Role whose rules grant "*" or escalate / bind / impersonate. */
export function powerfulRoleRules(role: JsonObject): string | null {
  return Array.isArray(role.rules) ? powerfulRules(role.rules) : null;
}

function subjectsOf(binding: JsonObject): string {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects.filter(isObject) : [];
  const names = subjects.flatMap((s) => {
    const name = text(s.name);
    if (name === null) return [];
    const ns = text(s.namespace);
    return [`${text(s.kind) ?? "subject"} ${ns === null ? name : `${ns}/${name}`}`];
  });
  return names.length === 0 ? "" : ` for ${names.join(", ")}`;
}

/**
 * A (Cluster)RoleBinding to cluster-admin, or to a role whose rules (as logged before the binding) hold
 * "*" in verbs or resources. Binding to a role the log never showed is not a finding: nothing says
 * what it grants.
 */
export function powerfulRoleRef(binding: JsonObject, namespace: string | null, ctx: BodyCheckContext): string | null {
  const kind = text(at(binding, "roleRef", "kind"));
  const name = text(at(binding, "roleRef", "name"));
  if ((kind !== "Role" && kind !== "ClusterRole") || name === null) return null;
  const ref = `roleRef ${kind} ${name}`;
  if (kind === "ClusterRole" && name === "cluster-admin") return ref + subjectsOf(binding);
  const rules = ctx.roleRules({ kind, namespace: kind === "Role" ? namespace : null, name });
  const wild = (rules ?? [])
    .filter(isObject)
    .filter((r) => strings(r.verbs).includes("*") || strings(r.resources).includes("*"))
    .flatMap((r) => powerOf(r) ?? []);
  return wild.length === 0 ? null : `${ref}${subjectsOf(binding)}: it grants ${wild[0]}`;
}
