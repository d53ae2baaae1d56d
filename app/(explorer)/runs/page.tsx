import type { Metadata } from "next";
import Link from "next/link";
import { RunsTable } from "@/components/runs/runs-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/button";
import { listRuns } from "@/lib/store/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ingest runs" };

const LIMIT = 100;

export default async function RunsPage() {
  const runs = await listRuns(LIMIT);
  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Ingest runs"
        meta={`Every upload, newest first${runs.length === LIMIT ? ` (latest ${LIMIT})` : ""}. A run counts what it read, stored, skipped as duplicate and rejected.`}
        aside={
          <Link href="/upload" className={buttonStyles("secondary")}>
            Upload files
          </Link>
        }
      />
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
          <RunsTable runs={runs} />
        )}
      </Card>
    </div>
  );
}
