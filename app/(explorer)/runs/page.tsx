import type { Metadata } from "next";
import Link from "next/link";
import { RunsTable } from "@/components/runs/runs-table";
import { StorePanel } from "@/components/runs/store-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/button";
import { noEventsVerdict } from "@/lib/ingest/no-events";
import { storeStatus } from "@/lib/retention/actions";
import { auditStore } from "@/lib/store";
import { requirePage } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ingest runs" };

const LIMIT = 100;

export default async function RunsPage() {
  const { role, scopes } = await requirePage();
  const [runs, { store, retention }] = await Promise.all([auditStore().runs(LIMIT, scopes), storeStatus()]);
  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Ingest runs"
        meta={`Every upload, newest first${runs.length === LIMIT ? ` (latest ${LIMIT})` : ""}. A run counts what it read, stored, skipped as duplicate and rejected, and what deletions have removed since.`}
        aside={
          <Link href="/upload" className={buttonStyles("secondary")}>
            Upload files
          </Link>
        }
      />
      {/* The store's size and counts cover every namespace: for unscoped principals; deleting is for admins. */}
      {scopes === null ? <StorePanel store={store} retention={retention} manage={role === "admin"} /> : null}
      {/* Scrolls sideways when the columns do not fit: the last ones (status, Delete) must stay reachable. */}
      <Card className="overflow-x-auto">
        {scopes !== null ? (
          <EmptyState title="Not shown to scoped users">
            A run counts a whole file, across every namespace in it; your access is limited to some namespaces, so runs are shown to unscoped users only.
          </EmptyState>
        ) : runs.length === 0 ? (
          <EmptyState
            title="No ingest runs yet"
            action={
              <Link href="/upload" className={buttonStyles("primary")}>
                Upload an audit log
              </Link>
            }
          >
            Each upload, CLI import or webhook batch shows up here with what it added.
          </EmptyState>
        ) : (
          <RunsTable runs={runs.map((run) => ({ ...run, warning: run.status === "done" ? noEventsVerdict(run) : null }))} manage={role === "admin"} />
        )}
      </Card>
    </div>
  );
}
