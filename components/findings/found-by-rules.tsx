import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import type { RequestFinding } from "@/lib/findings/view";
import { SeverityBadge } from "./severity-badge";

/** The detection rules that found this request, each linking to its rule's page; nothing when none did. */
export function FoundByRules({ findings }: { findings: readonly RequestFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <Card data-testid="found-by-rules">
      <CardHeader title="Found by rules" />
      <ul className="flex flex-col gap-1 px-3 py-2 text-xs">
        {findings.map((f) => (
          <li key={f.id} className="flex flex-wrap items-center gap-2" data-testid="found-by-rule">
            <SeverityBadge severity={f.severity} />
            <Link href={f.url} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
              {f.title}
            </Link>
            <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{f.id}</span>
            {f.detail ? <span className="text-zinc-600 dark:text-zinc-400">— {f.detail}</span> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
