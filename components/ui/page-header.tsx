import type { ReactNode } from "react";

export function PageHeader({ title, meta, aside }: { title: ReactNode; meta?: ReactNode; aside?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
      <div className="min-w-0">
        <h1 className="text-base font-semibold text-zinc-900 dark:text-zinc-50">{title}</h1>
        {meta ? <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{meta}</div> : null}
      </div>
      {aside ? <div className="flex items-center gap-2">{aside}</div> : null}
    </div>
  );
}
