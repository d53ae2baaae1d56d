import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { RuleDetail } from "@/components/findings/rule-detail";
import { InvalidParams } from "@/components/requests/invalid-params";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-access";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { hitRequests, ruleHitsPage, type HitRequest, type RuleHitsPage } from "@/lib/findings/view-detail";
import type { FindingsStore } from "@/lib/findings/view";
import { findingsUrl, rulePageUrl } from "@/lib/findings/view-links";
import { QuerySyntaxError } from "@/lib/query/errors";
import { readFilter, type Filter } from "@/lib/query/filter";
import type { Scopes } from "@/lib/query/scope";
import { readParams, wholeNumber } from "@/lib/query/params";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ ruleId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 100;
const RULE_ID = /^[a-z0-9][a-z0-9.-]{1,79}$/;
const pageShape = { cursor: z.string().max(200, "not a cursor this server handed out").optional(), limit: wholeNumber(1, 500, PAGE_SIZE) };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = (await params).ruleId;
  return { title: loadRuleSet().rules.find((r) => r.id === id)?.title ?? id };
}

/** The page of hits and their requests; a query that does not parse is shown, not thrown. */
type Loaded = { result: RuleHitsPage; requests: Map<number, HitRequest> } | { error: { message: string; position: number } } | null;

async function load(store: FindingsStore, ruleId: string, filter: Filter, scopes: Scopes, page: { limit: number; cursor?: string }): Promise<Loaded> {
  try {
    const result = await ruleHitsPage(store, loadRuleSet(), ruleId, filter, scopes, page);
    if (!result) return null;
    return { result, requests: await hitRequests(store, result.hits.map((h) => h.requestId), scopes) };
  } catch (e) {
    if (e instanceof QuerySyntaxError) return { error: { message: e.message, position: e.position } };
    throw e;
  }
}

export default async function RulePage({ params, searchParams }: Props) {
  const { scopes } = await requirePage();
  const ruleId = (await params).ruleId;
  // Rule ids are lower-case letters, digits, dots and dashes (lib/findings/rule.ts): anything else names no rule.
  if (!RULE_ID.test(ruleId)) notFound();
  const sp = await searchParams;
  const { filter, issues } = readFilter(sp);
  const { values: page, issues: pageIssues } = readParams(pageShape, sp);
  if (issues.length + pageIssues.length > 0) return <InvalidParams issues={[...issues, ...pageIssues]} clearHref={`/findings/${encodeURIComponent(ruleId)}`} />;
  const store = auditStore();
  const loaded = await load(store, ruleId, filter, scopes, page);
  if (loaded === null) notFound();
  if ("error" in loaded) {
    return (
      <div className="mx-auto max-w-xl pt-10">
        <Card>
          <EmptyState title="The query in this link has an error">{`${loaded.error.message} (at character ${loaded.error.position + 1})`}</EmptyState>
        </Card>
      </div>
    );
  }
  const { result, requests } = loaded;
  // The page size a link asked for carries over to the next page; the default stays out of the URL.
  const limit = page.limit === PAGE_SIZE ? undefined : String(page.limit);
  const here = rulePageUrl(filter, ruleId, { limit });
  const withCursor = (cursor: string) => rulePageUrl(filter, ruleId, { limit, cursor });
  return (
    <RuleDetail
      page={result}
      requests={requests}
      backHref={findingsUrl(filter)}
      pageHrefs={{ first: page.cursor ? here : null, next: result.next ? withCursor(result.next) : null }}
    />
  );
}
