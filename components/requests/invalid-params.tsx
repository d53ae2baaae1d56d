import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

type Issue = { parameter: string; message: string };

/** What is wrong with a link's parameters, one line each, named: shown instead of an answer for the whole store. */
export function InvalidParamsList({ issues }: { issues: Issue[] }) {
  return (
    <ul className="flex flex-col gap-1 text-left font-mono">
      {issues.map((i) => (
        <li key={i.parameter} data-testid="invalid-param" data-parameter={i.parameter}>
          {i.message}
        </li>
      ))}
    </ul>
  );
}

export function invalidParamsTitle(issues: Issue[]): string {
  return issues.length === 1 ? `The link's ${issues[0]!.parameter} parameter is invalid` : "The link has invalid parameters";
}

/** A whole page's answer to a link it cannot apply: nothing is searched until the link is fixed. */
export function InvalidParams({ issues, clearHref = "/" }: { issues: Issue[]; clearHref?: string }) {
  return (
    <div className="mx-auto max-w-xl pt-10">
      <Card>
        <EmptyState
          data-testid="invalid-params"
          title={invalidParamsTitle(issues)}
          action={
            <Link href={clearHref} className="text-xs font-medium text-sky-700 underline underline-offset-2 dark:text-sky-400">
              Clear filters
            </Link>
          }
        >
          <p className="mb-2">Nothing is searched until the link is fixed, so that no answer covers more than it asked for.</p>
          <InvalidParamsList issues={issues} />
        </EmptyState>
      </Card>
    </div>
  );
}
