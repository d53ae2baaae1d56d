import type { Metadata } from "next";
import { ACTOR_FACET_LIMIT, ActorView } from "@/components/actors/actor-view";
import { InvalidParams } from "@/components/requests/invalid-params";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { QuerySyntaxError } from "@/lib/query/errors";
import { readFilter, type Filter } from "@/lib/query/filter";
import { addTerm, formatTerm } from "@/lib/query/terms";
import { readView, type View } from "@/lib/query/view";
import { auditStore } from "@/lib/store";
import { requirePage } from "@/lib/auth/page-access";
import { withScopes, type Scopes } from "@/lib/query/scope";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ user: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Next 16 hands this segment over still percent-encoded (checked with `https://issuer/#alice%40x`, an
 * OIDC-style name holding a literal %): decode exactly once.
 */
function username(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: username((await params).user) };
}

async function load(user: string, base: Filter, filter: Filter, view: View, scopes: Scopes) {
  const store = auditStore();
  const scoped = withScopes(filter, scopes);
  try {
    const [stats, sessions, requests, impersonated] = await Promise.all([
      store.stats(scoped, { stack: "verb" }, { facetLimit: ACTOR_FACET_LIMIT }),
      store.sessions(user, withScopes(base, scopes)),
      store.requests.page(scoped, { limit: 50, cursor: undefined }, view.sort),
      store.requests.count(withScopes({ ...base, q: addTerm(base.q ?? "", formatTerm("as", user)) }, scopes)),
    ]);
    return { ok: true as const, stats, sessions, requests, impersonated };
  } catch (err) {
    if (err instanceof QuerySyntaxError) return { ok: false as const, error: err };
    throw err;
  }
}

export default async function ActorPage({ params, searchParams }: Props) {
  const { scopes } = await requirePage();
  const user = username((await params).user);
  const sp = await searchParams;
  const { filter: base, issues: filterIssues } = readFilter(sp);
  const { view, issues: viewIssues } = readView(sp);
  const issues = [...filterIssues, ...viewIssues];
  if (issues.length > 0) return <InvalidParams issues={issues} clearHref={`/actors/${encodeURIComponent(user)}`} />;
  // The dashboard's own filter plus this user — what they sent, and what others sent as them
  // (`kubectl --as`): breakdown clicks and zooms land on the dashboard with the same scope.
  const filter: Filter = { ...base, q: addTerm(base.q ?? "", `(${formatTerm("user", user)} OR ${formatTerm("actor", user)})`) };
  const data = await load(user, base, filter, view, scopes);
  if (!data.ok) {
    return (
      <div className="mx-auto max-w-xl pt-10">
        <Card>
          <EmptyState title="The query in this link has an error">{`${data.error.message} (at character ${data.error.position + 1})`}</EmptyState>
        </Card>
      </div>
    );
  }
  return (
    <ActorView
      user={user}
      filter={filter}
      base={base}
      view={view}
      stats={data.stats}
      sessions={data.sessions}
      requests={data.requests}
      impersonated={data.impersonated}
    />
  );
}
