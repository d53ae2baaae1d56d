import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { FoundByRules } from "@/components/findings/found-by-rules";
import { RequestDetail } from "@/components/requests/request-detail";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { requestFindings } from "@/lib/findings/view";
import { auditStore } from "@/lib/store";
import { requirePage } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";

const idSchema = z.string().regex(/^[1-9]\d{0,15}$/).transform(Number).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = idSchema.safeParse((await params).id);
  return { title: id.success ? `Request #${id.data}` : "Request" };
}

export default async function RequestPage({ params }: Props) {
  const { scopes } = await requirePage();
  const id = idSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const store = auditStore();
  const request = await store.requests.get(id.data, scopes);
  if (request === null) notFound();
  const [related, findings] = await Promise.all([store.requests.related(request.id, scopes), requestFindings(store, loadRuleSet(), request.id, scopes)]);
  return (
    <div className="mx-auto flex max-w-[1400px] flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-xs text-zinc-500 dark:text-zinc-400">
        <Link href="/" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Requests
        </Link>
        <span className="px-1.5" aria-hidden="true">/</span>
        <span className="font-mono">{request.auditID}</span>
      </nav>
      <RequestDetail request={request} related={related} foundBy={<FoundByRules findings={findings} />} />
    </div>
  );
}
