import type { Metadata } from "next";
import { ScopeList } from "@/components/access/scope-list";
import { TokenManager } from "@/components/access/token-manager";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PlainTable, plainCell as cell, plainRow } from "@/components/ui/plain-table";
import { apiTokens } from "@/lib/auth/api-tokens";
import { authConfig, signInEnabled } from "@/lib/auth/config";
import { requirePage } from "@/lib/auth/page-access";
import { describeUsersFile, loadUsersFile } from "@/lib/auth/users-file";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Access" };


export default async function AccessPage() {
  await requirePage("admin");
  const config = authConfig();
  const file = config.usersFile ? describeUsersFile(loadUsersFile(config.usersFile)) : null;
  const methods = [
    config.usersFile ? "users file" : null,
    config.accessToken ? "shared access token" : null,
    config.oidc ? `OpenID Connect (${config.oidc.issuer})` : null,
    config.proxy ? `proxy header ${config.proxy.userHeader}` : null,
  ].filter(Boolean);
  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Access"
        meta={signInEnabled(config) ? `Sign-in: ${methods.join(", ")}. Users and groups are edited in ${config.usersFile ?? "AUDITLENS_USERS_FILE"}; changes apply at the next request.` : "Sign-in is off: Auditlens serves loopback only."}
      />
      <Card>
        <CardHeader title="API tokens" />
        <TokenManager tokens={await apiTokens()} />
      </Card>
      <Card className="overflow-x-auto">
        <CardHeader title="Users" />
        {file && file.users.length > 0 ? (
          <PlainTable columns={["User", "Role", "Groups", "Scopes", "Password"]} testId="users-table">
            {file.users.map((u) => (
              <tr key={u.username} className={plainRow}>
                <td className={`${cell} font-mono`}>{u.username}</td>
                <td className={cell}>{u.role}</td>
                <td className={`${cell} font-mono`}>{u.groups.join(", ")}</td>
                <td className={cell}>
                  <ScopeList scopes={u.scopes} />
                </td>
                <td className={cell}>{u.password ? "set" : "— (proxy or OIDC only)"}</td>
              </tr>
            ))}
          </PlainTable>
        ) : (
          <EmptyState title="No users file">Set AUDITLENS_USERS_FILE to sign people in by name, with roles and scopes.</EmptyState>
        )}
      </Card>
      {file && file.groups.length > 0 ? (
        <Card className="overflow-x-auto">
          <CardHeader title="Groups" />
          <PlainTable columns={["Group", "Role", "Scopes"]} testId="groups-table">
            {file.groups.map((g) => (
              <tr key={g.name} className={plainRow}>
                <td className={`${cell} font-mono`}>{g.name}</td>
                <td className={cell}>{g.role ?? "—"}</td>
                <td className={cell}>
                  <ScopeList scopes={g.scopes} />
                </td>
              </tr>
            ))}
          </PlainTable>
        </Card>
      ) : null}
    </div>
  );
}
