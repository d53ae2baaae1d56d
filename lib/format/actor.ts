/**
 * Who made a request: the authenticated user, and the impersonated one when set — "alice (as bob)".
 * Policies and RBAC decisions differ for the two, so both are always shown.
 */
export function formatActor(user: string | null, impersonatedUser: string | null): string {
  const who = user ?? "(anonymous)";
  return impersonatedUser ? `${who} (as ${impersonatedUser})` : who;
}
