import { InvalidParameterError, QuerySyntaxError } from "@/lib/query/errors";
import { jsonError } from "./json";

/**
 * Runs a handler and maps a bad parameter to 400 `{"error", "parameter"}` (a query-language error also
 * says where: `{"error", "position", "parameter": "q"}`), so a script sees what to fix; anything else
 * is rethrown (a 500 is a bug, not a bad query).
 */
export function withQueryErrors(handler: () => Response): Response;
export function withQueryErrors(handler: () => Promise<Response>): Promise<Response>;
export function withQueryErrors(handler: () => Response | Promise<Response>): Response | Promise<Response> {
  const mapped = (err: unknown): Response => {
    const response = queryErrorResponse(err);
    if (response) return response;
    throw err;
  };
  try {
    const response = handler();
    return response instanceof Promise ? response.catch(mapped) : response;
  } catch (err) {
    return mapped(err);
  }
}

export function queryErrorResponse(err: unknown): Response | null {
  if (err instanceof QuerySyntaxError) return jsonError(400, err.message, { position: err.position, parameter: "q" });
  if (err instanceof InvalidParameterError) return jsonError(400, err.message, { parameter: err.parameter });
  return null;
}
