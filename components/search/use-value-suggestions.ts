"use client";

import { useEffect, useState } from "react";
import type { FieldName } from "@/lib/query/fields";

export type ValueOption = { value: string; count: number };

type Request = { field: FieldName; prefix: string; q: string } | null;

/**
 * Top values for the field being typed, from GET /api/v1/suggest, counted against the view's other
 * filters (the URL) and the rest of the query. Debounced; a stale answer never replaces a newer one.
 */
export function useValueSuggestions(request: Request, params: URLSearchParams): { values: ValueOption[]; loading: boolean } {
  const [state, setState] = useState<{ key: string; values: ValueOption[] }>({ key: "", values: [] });
  const key = request ? `${request.field}\u0000${request.prefix}\u0000${request.q}\u0000${params.toString()}` : "";

  useEffect(() => {
    if (!request) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const search = new URLSearchParams(params);
      search.delete("cursor");
      search.delete("limit");
      if (request.q) search.set("q", request.q);
      else search.delete("q");
      search.set("field", request.field);
      search.set("prefix", request.prefix);
      fetch(`/api/v1/suggest?${search.toString()}`, { signal: controller.signal })
        .then((r) => (r.ok ? (r.json() as Promise<{ values: ValueOption[] }>) : { values: [] }))
        .then((body) => setState({ key, values: body.values }))
        .catch(() => {
          // Aborted by a newer keystroke, or the server is away: no suggestions is the honest answer.
        });
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` captures request and params by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (!request) return { values: [], loading: false };
  return { values: state.key === key ? state.values : [], loading: state.key !== key };
}
