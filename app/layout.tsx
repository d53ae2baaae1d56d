import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader, type HeaderUser } from "@/components/layout/app-header";
import { currentPrincipal } from "@/lib/auth/page-access";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Auditlens", template: "%s · Auditlens" },
  description: "Who did what, to which object, when, from where — Kubernetes API-server audit logs.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request also makes every page dynamic, as the per-request script nonce (proxy.ts) needs.
  const principal = await currentPrincipal();
  const user: HeaderUser | null = principal
    ? { name: principal.name, role: principal.role, canSignOut: principal.method !== "open" && principal.method !== "proxy", scoped: principal.scopes !== null }
    : null;
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-[13px] text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
        <AppHeader user={user} />
        <main className="px-4 py-4">{children}</main>
      </body>
    </html>
  );
}
