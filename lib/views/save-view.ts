import "server-only";
import { z } from "zod";
import type { AuditStore } from "@/lib/store/audit-store";
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
export async function saveViewIn(store: AuditStore, input: z.output<typeof saveViewSchema>): Promise<SavedView> {
  const ctx = input.freeze ? await store.newest() : null;
  const url = canonicalViewUrl(input.url, ctx ? { transform: (f) => freezeRange(f, ctx) } : {});
  return store.views.save({ name: input.name, url });
}
