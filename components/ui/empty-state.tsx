import type { ReactNode } from "react";
import { cn } from "./cn";

export function EmptyState({
  title,
  children,
  action,
  className,
  ...rest
}: {
  className?: string;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  "data-testid"?: string;
}) {
  return (
    <div {...rest} className={cn("flex flex-col items-center gap-2 px-6 py-14 text-center", className)}>
      <h2 className="text-sm font-semibold text-zinc-800 dark:text-zinc-200">{title}</h2>
      {children ? <div className="max-w-md text-xs text-zinc-500 dark:text-zinc-400">{children}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
