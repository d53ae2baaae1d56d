import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { UploadPanel } from "@/components/upload/upload-panel";
import { requirePage } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "Upload" };

export default async function UploadPage() {
  await requirePage("ingester");
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-3">
      <PageHeader
        title="Upload audit logs"
        meta="Kubernetes API-server audit logs: JSON lines, webhook EventList batches, YAML events (kubectl -o yaml), rotated files, plain or gzip. Re-uploading a file is safe — duplicates are counted, not stored twice."
      />
      <Card className="p-4">
        <UploadPanel />
      </Card>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        From a shell:{" "}
        <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
          curl --data-binary @audit.log &apos;http://HOST/api/v1/ingest?cluster=prod&amp;filename=audit.log&apos;
        </code>
      </p>
    </div>
  );
}
