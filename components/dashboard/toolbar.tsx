import type { ReactNode } from "react";

/**
 * The row of view actions above the results (copy link, save view, export, snapshot): the dashboard
 * places it, the features that own those actions fill it.
 */
export function DashboardToolbar({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <div data-testid="dashboard-toolbar" role="toolbar" aria-label="View actions" className="flex flex-wrap items-center gap-2">
      {children}
    </div>
  );
}
