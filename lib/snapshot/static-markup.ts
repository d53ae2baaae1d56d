import "server-only";
import { createRequire } from "node:module";
import type { ReactNode } from "react";

type RenderToStaticMarkup = (node: ReactNode) => string;

/**
 * react-dom/server, loaded at run time. Next refuses a bundled import of it in the server layer (it wants
 * pages streamed as Server Components, and resolves react-dom/server to a stub there), but a downloaded
 * file is not a page: it is one HTML document written for a browser with no server. Node resolves the
 * real package from node_modules. The snapshot's components are plain functions (no hooks, no context),
 * so they do not depend on which React instance renders them.
 */
const load = (): RenderToStaticMarkup => {
  const require = createRequire(/*turbopackIgnore: true*/ `${process.cwd()}/package.json`);
  const name = ["react-dom", "server"].join("/");
  return (require(/*turbopackIgnore: true*/ name) as { renderToStaticMarkup: RenderToStaticMarkup }).renderToStaticMarkup;
};

let cached: RenderToStaticMarkup | null = null;

/** Static HTML with every text and attribute value escaped by React. */
export function renderToStaticMarkup(node: ReactNode): string {
  cached ??= load();
  return cached(node);
}
