/**
 * Who made a request, effective user first: "alice via system:admin" for `kubectl --as=alice` run by
 * system:admin. The request acted as alice (her RBAC decided it), while system:admin is who sent it, and
 * policies and RBAC decisions differ for the two, so both are always shown.
 */
export function formatActor(user: string | null, impersonatedUser: string | null): string {
  const who = user ?? "(anonymous)";
  return impersonatedUser ? `${impersonatedUser} via ${who}` : who;
}
