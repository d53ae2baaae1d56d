import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Auditlens", template: "%s · Auditlens" },
  description: "Who did what, to which object, when, from where — Kubernetes API-server audit logs.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-[13px] text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
        <AppHeader />
        <main className="px-4 py-4">{children}</main>
      </body>
    </html>
  );
}
