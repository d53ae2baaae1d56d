import type { ReactNode } from "react";
import { cn } from "./cn";

export function Card({ className, children, ...rest }: { className?: string; children: ReactNode; "data-testid"?: string }) {
  return (
    <section
      {...rest}
      className={cn(
        "rounded-md border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900",
        className,
      )}
    >
      {children}
    </section>
  );
}

export function CardHeader({ title, aside, className }: { title: ReactNode; aside?: ReactNode; className?: string }) {
  return (
    <header
      className={cn(
        "flex items-center justify-between gap-3 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800",
        className,
      )}
    >
      <h2 className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{title}</h2>
      {aside ? <div className="flex items-center gap-2 text-xs text-zinc-500">{aside}</div> : null}
    </header>
  );
}
