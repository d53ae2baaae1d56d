/** A saved view as the API and the sidebar see it; `url` is canonical and app-relative. */
export type SavedView = {
  id: string;
  name: string;
  url: string;
  /** The short link, `/v/<id>`. */
  path: string;
  createdAt: string;
};

export const viewPath = (id: string): string => `/v/${id}`;
