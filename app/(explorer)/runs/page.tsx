import type { Metadata } from "next";
import Link from "next/link";
import { RunsTable } from "@/components/runs/runs-table";
import { StorePanel } from "@/components/runs/store-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/button";
import { storeStatus } from "@/lib/retention/actions";
import { listRuns } from "@/lib/store/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ingest runs" };

const LIMIT = 100;
/**
 * Whether the visitor may delete data (an admin). Without sign-in every visitor may do everything, as
 * with uploads; with roles this is the session's admin check.
 */
const VISITOR_IS_ADMIN = true;

export default async function RunsPage() {
  const runs = await listRuns(LIMIT);
  const { store, retention } = storeStatus();
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
      <StorePanel store={store} retention={retention} manage={VISITOR_IS_ADMIN} />
      <Card className="overflow-clip max-lg:overflow-x-auto">
        {runs.length === 0 ? (
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
          <RunsTable runs={runs} manage={VISITOR_IS_ADMIN} />
        )}
      </Card>
    </div>
  );
}
