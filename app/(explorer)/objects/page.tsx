import type { Metadata } from "next";
import Link from "next/link";
import { HistoryView } from "@/components/history/history-view";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getObjectHistory, historyOptionsSchema, parseObjectKey } from "@/lib/store/history";
import { requirePage } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

function toParams(sp: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string") out.set(k, v);
  return out;
}

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const key = parseObjectKey(toParams(await searchParams));
  return { title: key.success ? `History of ${key.data.resource} ${key.data.name}` : "Object history" };
}

export default async function ObjectHistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requirePage();
  const params = toParams(await searchParams);
  const key = parseObjectKey(params);
  if (!key.success) {
    return (
      <div className="mx-auto max-w-xl pt-10">
        <Card>
          <EmptyState
            title="Which object?"
            action={<Link href="/" className={buttonStyles("secondary")}>Back to requests</Link>}
          >
            An object history needs a resource and a name (and a namespace for namespaced objects). Open it from a request with &ldquo;History of this object&rdquo;.
          </EmptyState>
        </Card>
      </div>
    );
  }
  const options = historyOptionsSchema.parse({ order: params.get("order") ?? undefined, fields: params.get("fields") ?? undefined });
  return <HistoryView history={getObjectHistory(key.data, options, principal.scopes)} options={options} />;
}
