import "server-only";
import { readFindingSettings } from "@/lib/findings/settings";
import type { BodyCheckContext, RuleInput } from "@/lib/findings/types";
import type { Db } from "../db";
import { roleRules, type RoleLookup } from "./role-rules";

/**
 * What body checks look up for one request: the trusted registries (AUDITLENS_TRUSTED_REGISTRIES, read
 * where the rule set is, so they are part of its fingerprint), and a role's rules as logged in the
 * request's cluster before the request (read through `db`, so a writer sees the roles its own batch stored).
 */
export function storeBodyContext(db: Db): (input: RuleInput) => BodyCheckContext {
  const trustedRegistries = readFindingSettings(process.env).settings.trustedRegistries ?? [];
  const byCluster = new Map<string, RoleLookup>();
  return (input) => {
    const cluster = input.request.cluster;
    let lookup = byCluster.get(cluster);
    if (!lookup) {
      lookup = roleRules(db, cluster);
      byCluster.set(cluster, lookup);
    }
    const of = lookup;
    const before = { tsUs: input.request.tsUs, id: input.id };
    return { trustedRegistries, roleRules: (ref) => of(ref, before) };
  };
}
