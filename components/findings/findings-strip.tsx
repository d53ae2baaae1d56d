import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { Severity } from "@/lib/findings/rule";

const DOT: Record<Severity, string> = { critical: "bg-red-600", high: "bg-red-400", medium: "bg-amber-400", low: "bg-sky-400" };

/**
 * "2 critical · 4 high findings in this view", linking to the Findings page with the same filter. Critical
 * and high are what someone mid-incident must not miss, so they get colour; medium and low alone read muted.
 * Nothing at all when the view has no findings.
 */
export function FindingsStrip({ counts, href }: { counts: readonly { severity: Severity; rules: number }[]; href: string }) {
  if (counts.length === 0) return null;
  const urgent = counts.some((c) => c.severity === "critical" || c.severity === "high");
  const total = counts.reduce((n, c) => n + c.rules, 0);
  return (
    <Link
      href={href}
      data-testid="findings-strip"
      className={cn(
        "flex items-center gap-2 rounded-md border px-3 py-1.5 text-xs hover:underline",
        urgent
          ? "border-red-200 bg-red-50 font-medium text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300"
          : "border-zinc-200 bg-white text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400",
      )}
    >
      {counts.map((c, i) => (
        <span key={c.severity} className="flex items-center gap-1.5">
          {i > 0 ? <span aria-hidden="true">·</span> : null}
          <span aria-hidden="true" className={cn("size-2 rounded-full", DOT[c.severity])} />
          {c.rules} {c.severity}
        </span>
      ))}
      <span>{total === 1 ? "finding" : "findings"} in this view →</span>
    </Link>
  );
}
