import type { ReactNode } from "react";

/** One labelled value of the request page's field lists. */
export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[9.5rem_minmax(0,1fr)] gap-3 border-b border-zinc-100 px-3 py-1.5 last:border-b-0 dark:border-zinc-800/70">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd data-testid={testId} className="min-w-0 font-mono text-xs break-words text-zinc-900 dark:text-zinc-100">
        {children}
      </dd>
    </div>
  );
}
