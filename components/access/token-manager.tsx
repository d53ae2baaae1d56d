"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { inputStyles, LabeledInput } from "@/components/ui/input";
import { PlainTable, plainCell as cell, plainRow } from "@/components/ui/plain-table";
import type { ApiToken } from "@/lib/auth/api-tokens";
import { ScopeList } from "./scope-list";


/** "prod: team-a, team-b" per line → [{cluster: "prod", namespaces: ["team-a", "team-b"]}]; "prod" alone is the whole cluster. */
function parseScopes(text: string): { cluster: string; namespaces?: string[] }[] | undefined {
  const scopes = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(":");
      if (colon < 0) return { cluster: line };
      const namespaces = line.slice(colon + 1).split(",").map((n) => n.trim()).filter(Boolean);
      return { cluster: line.slice(0, colon).trim(), ...(namespaces.length ? { namespaces } : {}) };
    });
  return scopes.length ? scopes : undefined;
}

export function TokenManager({ tokens }: { tokens: ApiToken[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(null);
    const res = await fetch("/api/v1/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: String(data.get("name") ?? ""), role: String(data.get("role") ?? "viewer"), scopes: parseScopes(String(data.get("scopes") ?? "")) }),
    });
    const body = (await res.json().catch(() => null)) as { name?: string; token?: string; error?: string } | null;
    if (res.status !== 201 || !body?.token) {
      setError(body?.error ?? `could not create the token (${res.status})`);
      return;
    }
    setCreated({ name: body.name ?? "", token: body.token });
    form.reset();
    router.refresh();
  }

  async function revoke(id: string) {
    const res = await fetch(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (res.status !== 204) setError(`could not revoke the token (${res.status})`);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-3 p-3">
      {tokens.length > 0 ? (
        <PlainTable columns={["Name", "Role", "Scopes", "Created", "Last used", ""]} testId="tokens-table">
          {tokens.map((t) => (
            <tr key={t.id} className={plainRow}>
              <td className={`${cell} font-mono`}>{t.name}</td>
              <td className={cell}>{t.role}</td>
              <td className={cell}>
                <ScopeList scopes={t.scopes} />
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                {t.createdAt.slice(0, 16).replace("T", " ")} by <span className="font-mono">{t.createdBy}</span>
              </td>
              <td className={`${cell} whitespace-nowrap`}>{t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</td>
              <td className={`${cell} text-right`}>
                <Button variant="ghost" onClick={() => void revoke(t.id)} aria-label={`Revoke ${t.name}`}>
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </PlainTable>
      ) : (
        <p className="text-xs text-zinc-500">No API tokens. A script sends one as Authorization: Bearer &lt;token&gt;.</p>
      )}
      {created ? (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          Token <span className="font-mono">{created.name}</span>, shown this once (only its hash is stored):
          <code data-testid="new-token" className="mt-1 block font-mono break-all select-all">
            {created.token}
          </code>
        </div>
      ) : null}
      <form onSubmit={(e) => void create(e)} className="grid grid-cols-[1fr_8rem_1.5fr_auto] items-end gap-2" aria-label="New API token">
        <LabeledInput label="Name" name="name" required maxLength={100} placeholder="ci-export" />
        <label className="flex flex-col gap-0.5">
          <span className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">Role</span>
          <select name="role" className={inputStyles} defaultValue="viewer">
            <option value="viewer">viewer</option>
            <option value="ingester">ingester</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">Scopes (optional, one per line)</span>
          <textarea name="scopes" rows={1} className={`${inputStyles} h-7 py-1`} placeholder="prod: team-a, team-b" />
        </label>
        <Button type="submit" variant="primary">
          Create token
        </Button>
      </form>
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
