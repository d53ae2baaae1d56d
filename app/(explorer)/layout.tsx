import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { SavedViewsSidebar } from "@/components/share/saved-views-sidebar";
import { listViews } from "@/lib/store/views";

async function Sidebar() {
  // Saved views change at run time; never prerender them at build time.
  await connection();
  return <SavedViewsSidebar views={listViews()} />;
}

export default function ExplorerLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex items-start gap-3">
      <Suspense fallback={null}>
        <Sidebar />
      </Suspense>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
