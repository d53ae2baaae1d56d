import type { ReactNode } from "react";

/** The cell padding of a PlainTable's rows. */
export const plainCell = "px-3 py-1.5 align-top";
export const plainRow = "border-b border-zinc-100 last:border-0 dark:border-zinc-800/60";

/** A small read-only table: a header row of column names, then the rows given as children. */
export function PlainTable({ columns, testId, children }: { columns: string[]; testId?: string; children: ReactNode }) {
  return (
    <table className="w-full text-xs" data-testid={testId}>
      <thead className="border-b border-zinc-200 text-left text-[10px] tracking-wider text-zinc-500 uppercase dark:border-zinc-800">
        <tr>
          {columns.map((c, i) => (
            <th key={i} className={plainCell}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
