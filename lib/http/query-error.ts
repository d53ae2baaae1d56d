import { QuerySyntaxError } from "@/lib/query/errors";
import { jsonError } from "./json";

/**
 * Runs a handler and maps a query-language error to 400 `{"error", "position"}`, so a script sees what
 * to fix and where; anything else is rethrown (a 500 is a bug, not a bad query).
 */
export function withQueryErrors(handler: () => Response): Response {
  try {
    return handler();
  } catch (err) {
    const mapped = queryErrorResponse(err);
    if (mapped) return mapped;
    throw err;
  }
}

export function queryErrorResponse(err: unknown): Response | null {
  if (err instanceof QuerySyntaxError) return jsonError(400, err.message, { position: err.position });
  return null;
}
