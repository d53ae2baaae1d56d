import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ActivityTable } from "@/components/access/activity-table";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ACTIVITY_ACTIONS, activityPage } from "@/lib/auth/activity";
import { requirePage } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Activity" };

const paramsSchema = z.object({
  before: z.coerce.number().int().min(1).optional(),
  action: z.enum(ACTIVITY_ACTIONS).optional(),
});

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("admin");
  const raw = await searchParams;
  const params = paramsSchema.safeParse(raw);
  const page = params.success ? await activityPage({ limit: 100, ...params.data }) : null;
  const link = (p: Record<string, string | number | undefined>) =>
    `/activity?${new URLSearchParams(Object.entries(p).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString()}`;
  return (
    <div className="flex flex-col gap-3">
      <PageHeader title="Activity" meta="What people did with Auditlens: sign-ins, failed sign-ins, exports, snapshots, uploads, deletions, token and view changes. Newest first." />
      <nav aria-label="Filter by action" className="flex flex-wrap gap-1">
        <Link href="/activity" className={buttonStyles(params.success && !params.data.action ? "primary" : "secondary")}>
          all
        </Link>
        {ACTIVITY_ACTIONS.map((a) => (
          <Link key={a} href={link({ action: a })} className={buttonStyles(params.success && params.data.action === a ? "primary" : "secondary")}>
            {a}
          </Link>
        ))}
      </nav>
      <Card className="overflow-x-auto">
        {!params.success ? (
          <EmptyState title="Invalid filter">{`${params.error.issues[0]?.path.join(".")}: ${params.error.issues[0]?.message}`}</EmptyState>
        ) : page && page.items.length > 0 ? (
          <ActivityTable items={page.items} />
        ) : (
          <EmptyState title="Nothing recorded yet">Sign-ins, exports, snapshots and deletions show up here as they happen.</EmptyState>
        )}
      </Card>
      {page?.next ? (
        <Link className={buttonStyles("secondary", "self-start")} href={link({ action: params.success ? params.data.action : undefined, before: page.next })}>
          Older
        </Link>
      ) : null}
    </div>
  );
}
