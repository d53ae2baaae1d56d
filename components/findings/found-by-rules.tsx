import { Card, CardHeader } from "@/components/ui/card";
import type { RequestFinding } from "@/lib/findings/view";
import { RuleLine } from "./rule-line";

/** The detection rules that found this request, each linking to its rule's page; nothing when none did. */
export function FoundByRules({ findings }: { findings: readonly RequestFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <Card data-testid="found-by-rules">
      <CardHeader title="Found by rules" />
      <ul className="flex flex-col gap-1 px-3 py-2 text-xs">
        {findings.map((f) => (
          <RuleLine key={f.id} severity={f.severity} title={f.title} href={f.url} testId="found-by-rule">
            <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{f.id}</span>
            {f.detail ? <span className="text-zinc-600 dark:text-zinc-400">— {f.detail}</span> : null}
          </RuleLine>
        ))}
      </ul>
    </Card>
  );
}
