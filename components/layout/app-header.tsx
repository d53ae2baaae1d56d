import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NavLink } from "@/components/ui/nav-link";

/** Who is signed in, as the header shows it; null on the sign-in page. */
export type HeaderUser = { name: string; role: "viewer" | "ingester" | "admin"; canSignOut: boolean; scoped: boolean };

function LensMark() {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className="size-5">
      <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M12.6 12.6 17 17" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M6 8.5h5M6 6.3h3.5M6 10.7h4" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" opacity=".7" />
    </svg>
  );
}

export function AppHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="sticky top-0 z-30 h-11 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="flex h-full items-center gap-6 px-4">
        <Link href="/" className="flex items-center gap-2 text-sm font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          <span className="text-sky-600 dark:text-sky-400">
            <LensMark />
          </span>
          Auditlens
        </Link>
        {user ? (
          <nav aria-label="Main" className="flex items-center gap-1">
            <NavLink href="/" match={["/", "/requests"]}>
              Requests
            </NavLink>
            <NavLink href="/findings" match={["/findings"]}>
              Findings
            </NavLink>
            {user.role !== "viewer" ? (
              <NavLink href="/upload" match={["/upload"]}>
                Upload
              </NavLink>
            ) : null}
            {user.scoped ? null : (
              <>
                <NavLink href="/runs" match={["/runs"]}>
                  Ingest runs
                </NavLink>
                <NavLink href="/sources" match={["/sources"]}>
                  Live sources
                </NavLink>
              </>
            )}
            {user.role === "admin" ? (
              <>
                <NavLink href="/activity" match={["/activity"]}>
                  Activity
                </NavLink>
                <NavLink href="/access" match={["/access"]}>
                  Access
                </NavLink>
              </>
            ) : null}
          </nav>
        ) : null}
        {user?.canSignOut ? (
          <div className="ml-auto flex items-center gap-2 text-[11px] text-zinc-500 dark:text-zinc-400">
            <span data-testid="signed-in-user">
              <span className="font-medium text-zinc-800 dark:text-zinc-200">{user.name}</span> · {user.role}
              {user.scoped ? " · scoped" : ""}
            </span>
            <SignOutButton />
          </div>
        ) : (
          <span className="ml-auto hidden text-[11px] text-zinc-400 sm:block dark:text-zinc-500">Kubernetes audit log explorer</span>
        )}
      </div>
    </header>
  );
}
