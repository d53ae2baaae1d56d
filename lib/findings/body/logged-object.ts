import type { LoggedBodies } from "../types";
import { isObject, type JsonObject } from "./json";
import { jsonPatchSets } from "./json-patch";

/**
 * The object a write left, as far as the log tells: the response when it holds the object (the result,
 * after defaults and admission, and the whole object after a patch), else what the request sent — for a
 * patch only what the patch sets. A failed write answers with a Status, which says nothing of the object.
 * undefined: neither body says anything (not logged).
 */
export function loggedObject(bodies: LoggedBodies): JsonObject | undefined {
  const response = asObject(bodies.responseObject);
  if (response !== undefined && response.kind !== "Status") return response;
  return asObject(bodies.requestObject);
}

function asObject(body: unknown): JsonObject | undefined {
  if (typeof body === "string") return asObject(parseJson(body));
  if (Array.isArray(body)) return jsonPatchSets(body);
  return isObject(body) ? body : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
