import "server-only";
import { readFindingSettings } from "@/lib/findings/settings";
import type { BodyCheckContext } from "@/lib/findings/types";
import type { Db } from "../db";
import { roleRules } from "./role-rules";

/**
 * What body checks look up for requests of one cluster: the trusted registries (AUDITLENS_TRUSTED_REGISTRIES,
 * read where the rule set is, so they are part of its fingerprint), and a role's rules as last logged in
 * that cluster (read through `db`, so a writer sees the roles its own batch stored).
 */
export function storeBodyContext(db: Db): (cluster: string) => BodyCheckContext {
  const trustedRegistries = readFindingSettings(process.env).settings.trustedRegistries ?? [];
  const byCluster = new Map<string, BodyCheckContext>();
  return (cluster) => {
    let ctx = byCluster.get(cluster);
    if (!ctx) {
      ctx = { trustedRegistries, roleRules: roleRules(db, cluster) };
      byCluster.set(cluster, ctx);
    }
    return ctx;
  };
}
