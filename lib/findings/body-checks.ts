import type { MatchableRequest } from "@/lib/query/matchable";
import type { BodyCheck } from "./rule";
import type { BodyCheckContext, BodyVerdict, LoggedBodies } from "./types";

/**
 * The verdict of a body check on one request. Stand-in until the body checks land (branch s14-rules):
 * a request whose bodies were not logged is "not logged", any other is "nothing found".
 */
export function checkBody(check: BodyCheck, bodies: LoggedBodies | undefined, request: MatchableRequest, ctx: BodyCheckContext): BodyVerdict {
  void check;
  void request;
  void ctx;
  return bodies === undefined ? { notLogged: true } : { found: null };
}
