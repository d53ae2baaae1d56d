import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { PATH_HEADER } from "@/lib/http/request-guard";
import { forbidden, redirect } from "next/navigation";
import { authenticate } from "./authenticate";
import { credentialsOf } from "./guard";
import { roleAllows, type Principal, type Role } from "./principal";

/** The signed-in principal of the page being rendered, or null; looked up once per request (layouts and page ask alike). */
export const currentPrincipal = cache(async (): Promise<Principal | null> => authenticate(credentialsOf(await headers())));

/**
 * The principal a page renders for: without one, the browser goes to the sign-in page (and comes back
 * after); with too small a role, the page is a 403.
 */
export async function requirePage(role: Role = "viewer"): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/login?next=${encodeURIComponent(safeReturnPath((await headers()).get(PATH_HEADER)))}`);
  if (!roleAllows(principal.role, role)) forbidden();
  return principal;
}

/** An app-relative path to return to; anything else (another origin, `//host`, a scheme) is the dashboard. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value.length > 2000 ? "/" : value;
}
