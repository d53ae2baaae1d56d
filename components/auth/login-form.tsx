"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { LabeledInput } from "@/components/ui/input";

type Methods = { password: boolean; token: boolean; oidc: string | null };

/** Signs in through POST /api/v1/login (the route scripts use too), then loads the page asked for. */
export function LoginForm({ methods, next }: { methods: Methods; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>, body: Record<string, string>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status === 204) {
        window.location.replace(new URL(next, window.location.href));
        return;
      }
      const answer = (await res.json().catch(() => null)) as { error?: string } | null;
      setError(answer?.error ?? `sign-in failed (${res.status})`);
    } catch {
      setError("the server could not be reached");
    }
    setBusy(false);
  }

  return (
    <div className="flex flex-col gap-4">
      {methods.password ? (
        <form
          aria-label="Sign in with a password"
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            const data = new FormData(e.currentTarget);
            void submit(e, { username: String(data.get("username") ?? ""), password: String(data.get("password") ?? "") });
          }}
        >
          <LabeledInput label="Username" name="username" autoComplete="username" required autoFocus />
          <LabeledInput label="Password" name="password" type="password" autoComplete="current-password" required />
          <Button type="submit" variant="primary" disabled={busy}>
            Sign in
          </Button>
        </form>
      ) : null}
      {methods.token ? (
        <form
          aria-label="Sign in with the access token"
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            const data = new FormData(e.currentTarget);
            void submit(e, { token: String(data.get("token") ?? "") });
          }}
        >
          {methods.password ? <p className="text-center text-[11px] text-zinc-400">or</p> : null}
          <LabeledInput label="Access token" name="token" type="password" autoComplete="off" required autoFocus={!methods.password} />
          <Button type="submit" variant={methods.password ? "secondary" : "primary"} disabled={busy}>
            Sign in with the token
          </Button>
        </form>
      ) : null}
      {methods.oidc ? (
        <a className="inline-flex h-8 items-center justify-center rounded border border-zinc-300 bg-white text-xs font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900" href={`/api/v1/login/oidc?next=${encodeURIComponent(next)}`}>
          Sign in with {methods.oidc}
        </a>
      ) : null}
      {error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-2 py-1.5 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
    </div>
  );
}
