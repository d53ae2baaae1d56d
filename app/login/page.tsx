import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { LoginForm } from "@/components/auth/login-form";
import { Card } from "@/components/ui/card";
import { authConfig, signInEnabled } from "@/lib/auth/config";
import { OIDC_FAILURES, type OidcFailure } from "@/lib/auth/oidc";
import { currentPrincipal, safeReturnPath } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const paramsSchema = z.object({
  next: z.string().max(2000).optional().catch(undefined),
  error: z.enum(Object.keys(OIDC_FAILURES) as [OidcFailure, ...OidcFailure[]]).optional().catch(undefined),
});

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = paramsSchema.parse(await searchParams);
  const next = safeReturnPath(params.next);
  const config = authConfig();
  if (!signInEnabled(config) || (await currentPrincipal())) redirect(next);
  const methods = { password: !!config.usersFile, token: !!config.accessToken, oidc: config.oidc ? new URL(config.oidc.issuer).host : null };
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-3 pt-16">
      <Card className="p-5">
        <h1 className="mb-1 text-base font-semibold">Sign in to Auditlens</h1>
        <p className="mb-4 text-xs text-zinc-500 dark:text-zinc-400">Audit logs name every user and address in the cluster: this one is shared only with its team.</p>
        {params.error ? (
          <p role="alert" className="mb-3 rounded border border-red-200 bg-red-50 px-2 py-1.5 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            {OIDC_FAILURES[params.error]}
          </p>
        ) : null}
        {methods.password || methods.token || methods.oidc ? (
          <LoginForm methods={methods} next={next} />
        ) : (
          <p className="text-xs text-zinc-600 dark:text-zinc-300">Sign-in happens at the proxy in front of Auditlens; this request did not come through it.</p>
        )}
      </Card>
    </div>
  );
}
