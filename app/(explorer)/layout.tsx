import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { SavedViewsSidebar } from "@/components/share/saved-views-sidebar";
import { requirePage } from "@/lib/auth/page-access";
import { auditStore } from "@/lib/store";

async function Sidebar() {
  // Saved views change at run time; never prerender them at build time.
  await connection();
  return <SavedViewsSidebar views={await auditStore().views.list()} />;
}

export default async function ExplorerLayout({ children }: { children: ReactNode }) {
  // Each page checks its own access too (a layout is not re-rendered on client navigation); this one runs
  // before any loading.tsx streams, so a stranger gets a 307 to the sign-in page rather than a 200 skeleton.
  await requirePage();
  return (
    <div className="flex items-start gap-3">
      <Suspense fallback={null}>
        <Sidebar />
      </Suspense>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
