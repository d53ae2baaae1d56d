import type { Metadata } from "next";
import Link from "next/link";
import { HistoryView } from "@/components/history/history-view";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { auditStore, readObjectParams } from "@/lib/store";
import { requirePage } from "@/lib/auth/page-access";
import { InvalidParams } from "@/components/requests/invalid-params";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

function toParams(sp: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string") out.set(k, v);
  return out;
}

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const { key } = readObjectParams(toParams(await searchParams));
  return { title: key ? `History of ${key.resource} ${key.name}` : "Object history" };
}

export default async function ObjectHistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requirePage();
  const params = toParams(await searchParams);
  const { key, options, issues } = readObjectParams(params);
  const missing = !params.get("resource") || !params.get("name");
  if (issues.length > 0 && !missing) return <InvalidParams issues={issues} />;
  if (!key) {
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
  return <HistoryView history={await auditStore().history(key, options, principal.scopes)} options={options} />;
}
