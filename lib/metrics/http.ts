import "server-only";
import { observeHttpRequest } from "./registry";

type ParamValues = Record<string, string | string[] | undefined>;

/**
 * The route a request matched, as its file names it (`/api/v1/requests/[id]`): the path with each
 * dynamic segment's value put back to its parameter's name, so that a label stays one per route.
 */
export function routePattern(pathname: string, params: ParamValues): string {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) names.set(v, `[${name}]`);
  }
  return pathname
    .split("/")
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // proxy.ts refuses undecodable paths before any handler; kept as sent if one gets here.
      }
      return names.get(decoded) ?? segment;
    })
    .join("/");
}

async function paramsOf(context: unknown): Promise<ParamValues> {
  const params = (context as { params?: unknown } | undefined)?.params;
  const resolved = await Promise.resolve(params).catch(() => null);
  return resolved && typeof resolved === "object" ? (resolved as ParamValues) : {};
}

/**
 * A route handler that records how long it took to answer in auditlens_http_request_duration_seconds.
 * The clock stops when the handler returns its Response: a streamed body (an export) is not waited for.
 */
export function timed<C>(handler: (request: Request, context?: C) => Promise<Response>): (request: Request, context?: C) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(request, context);
      status = response.status;
      return response;
    } finally {
      const route = routePattern(new URL(request.url).pathname, await paramsOf(context));
      observeHttpRequest(route, request.method, status, (performance.now() - started) / 1000);
    }
  };
}
