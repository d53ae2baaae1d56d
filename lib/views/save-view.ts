import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/store/sqlite/db";
import { queryContext } from "@/lib/store/sqlite/requests";
import { insertViewIn } from "@/lib/store/sqlite/views";
import { canonicalViewUrl, InvalidViewUrlError } from "./canonical-url";
import { freezeRange } from "./freeze-range";
import type { SavedView } from "./types";

export const saveViewSchema = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  /** App-relative path + query, e.g. `/?cluster=prod&verb=delete`. */
  url: z.string().min(1, "url is required").max(4000),
  /** Store "last 24 h" as the absolute window it covers now. */
  freeze: z.boolean().optional().default(false),
});
export type SaveViewInput = z.input<typeof saveViewSchema>;

export { InvalidViewUrlError };

/** Validates, canonicalizes (and freezes, when asked) a view, then stores it. */
export function saveViewIn(db: Db, input: z.output<typeof saveViewSchema>): SavedView {
  const ctx = input.freeze ? queryContext(db) : null;
  const url = canonicalViewUrl(input.url, ctx ? { transform: (f) => freezeRange(f, ctx) } : {});
  return insertViewIn(db, { name: input.name, url });
}
