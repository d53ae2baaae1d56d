import "server-only";
import type { NormalizedEvent } from "@/lib/ingest/normalize";
import { COMBO_COLUMNS, type ComboValues } from "./combos";
import type { Db } from "./db";
import { dictionaryOf } from "./strings";

/** Columns that come from the event a request shows (MergedRequest.best in lib/audit/request-assembly.ts). */
export const DESCRIPTIVE_COLUMNS = [
  "level", "verb_id", "user_id", "groups_id", "imp_user_id", "source_ip_id", "user_agent_id", "api_group_id",
  "api_version_id", "resource_id", "subresource_id", "namespace_id", "name", "uri", "code", "decision", "reason_id", "message",
] as const;

export const DESCRIPTIVE_INDEX = Object.fromEntries(DESCRIPTIVE_COLUMNS.map((c, i) => [c, i])) as Record<
  Exclude<(typeof COMBO_COLUMNS)[number], "cluster_id" | "actor_id"> | "imp_user_id",
  number
>;

/** Values for DESCRIPTIVE_COLUMNS, in that order, strings put in the dictionary. */
export function descriptiveValues(db: Db, b: NormalizedEvent): (string | number | null)[] {
  const dict = dictionaryOf(db);
  return [
    b.level,
    dict.id(b.verb),
    dict.id(b.user),
    dict.id(b.groups),
    dict.id(b.impersonatedUser),
    dict.id(b.sourceIP),
    dict.id(b.userAgent),
    dict.id(b.apiGroup),
    dict.id(b.apiVersion),
    dict.id(b.resource),
    dict.id(b.subresource),
    dict.id(b.namespace),
    b.name,
    b.uri,
    b.code,
    b.decision,
    dict.id(b.reason),
    b.message,
  ];
}

/**
 * COMBO_COLUMNS' values, in that order, from the descriptive values. The effective user (migration 0025)
 * is the impersonated user, else the authenticated one: a virtual column of requests, computed when read,
 * and a real one of combinations.
 */
export function comboValuesOf(clusterId: number, d: (string | number | null)[]): ComboValues {
  return COMBO_COLUMNS.map((c) => {
    if (c === "cluster_id") return clusterId;
    if (c === "actor_id") return (d[DESCRIPTIVE_INDEX.imp_user_id] ?? d[DESCRIPTIVE_INDEX.user_id]) as number | null;
    return d[DESCRIPTIVE_INDEX[c]] as number | null;
  });
}
