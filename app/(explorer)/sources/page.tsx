import type { Metadata } from "next";
import { AutoRefresh } from "@/components/sources/auto-refresh";
import { TailTable } from "@/components/sources/tail-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatCount, formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import { sourcesStatus } from "@/lib/ingest/live-sources";
import { forbidden } from "next/navigation";
import { requirePage } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Live sources" };

export default async function SourcesPage() {
  // Sources count every namespace's events: for unscoped principals only.
  if ((await requirePage()).scopes) forbidden();
  const status = sourcesStatus();
  const { webhook } = status;
  return (
    <div className="flex flex-col gap-3">
      <AutoRefresh ms={2000} />
      <PageHeader
        title="Live sources"
        meta={`Files followed (AUDITLENS_TAIL) and the audit webhook; events are tagged with cluster "${status.cluster}" (AUDITLENS_CLUSTER) unless the webhook URL names another.`}
      />
      <Card>
        <CardHeader title="Tailed files" aside={`${status.tail.length} configured`} />
        {status.tail.length === 0 ? (
          <EmptyState title="No files are followed">
            Start Auditlens with <code className="font-mono">AUDITLENS_TAIL=/var/log/kubernetes/audit/audit.log</code> (comma-separated
            paths) to follow the API server&apos;s log backend, rotation included.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <TailTable rows={status.tail} now={status.observedAt} />
          </div>
        )}
      </Card>
      <Card data-testid="webhook-card">
        <CardHeader title="Audit webhook" aside={<Badge tone={webhook.enabled ? "green" : "neutral"}>{webhook.enabled ? "enabled" : "disabled"}</Badge>} />
        <div className="grid gap-1 px-3 py-2 text-xs text-zinc-700 dark:text-zinc-300">
          {webhook.enabled ? (
            <>
              <p>
                Receiving at <code className="font-mono">POST /api/v1/audit/webhook?cluster=NAME</code> with the bearer token from
                AUDITLENS_WEBHOOK_TOKEN.
              </p>
              <p>
                {formatCount(webhook.delivered, "delivery", "deliveries")} stored, last{" "}
                {webhook.lastDeliveryAt ? formatTime(webhook.lastDeliveryAt) : "never"}; {formatNumber(webhook.refused)} refused;{" "}
                {webhook.inFlight} in progress.
              </p>
              {webhook.lastRefusal ? <p className="break-words text-amber-800 dark:text-amber-400">Last refusal: {webhook.lastRefusal}</p> : null}
            </>
          ) : (
            <p>
              Set AUDITLENS_WEBHOOK_TOKEN to receive the API server&apos;s <code className="font-mono">--audit-webhook-config-file</code> batches;
              the README shows the kubeconfig to give it.
            </p>
          )}
        </div>
      </Card>
    </div>
  );
}
