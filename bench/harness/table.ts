import { verdict, type Target } from "./targets";

/** One line of the report: a figure, what was measured, and the target it is held to (if any). */
export type FigureRow = {
  kind: "figure";
  figure: string;
  measured: number | null;
  unit?: string;
  /** Decimals shown; large numbers get thousands separators. */
  digits?: number;
  target?: Target | null;
  /** Shown instead of a number when the figure was not measured ("jq not installed"). */
  missing?: string;
  /** Appended to the measured value, e.g. "(p95 12.40)". */
  detail?: string;
};
export type SectionRow = { kind: "section"; title: string };
export type Row = FigureRow | SectionRow;

export const section = (title: string): SectionRow => ({ kind: "section", title });
export const figure = (row: Omit<FigureRow, "kind">): FigureRow => ({ kind: "figure", ...row });

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function withUnit(text: string, unit: string | undefined): string {
  if (!unit) return text;
  return unit === "×" || unit === "%" ? `${text}${unit}` : `${text} ${unit}`;
}

export function formatMeasured(row: FigureRow): string {
  if (row.measured === null) return row.missing ?? "n/a";
  const value = withUnit(formatNumber(row.measured, row.digits ?? 0), row.unit);
  return row.detail ? `${value} ${row.detail}` : value;
}

export function formatTarget(row: FigureRow): string {
  if (!row.target) return "";
  const op = row.target.op === ">=" ? "≥" : "≤";
  return withUnit(`${op} ${formatNumber(row.target.value, row.digits ?? 0)}`, row.unit);
}

const HEADER = ["figure", "measured", "target", "ok"] as const;

/** A plain-text table, columns padded to their widest cell; sections are full-width title lines. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) =>
    r.kind === "section" ? null : [r.figure, formatMeasured(r), formatTarget(r), verdict(r.measured, r.target)],
  );
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c ? c[i]!.length : 0))));
  const line = (c: readonly string[]) =>
    c.map((text, i) => (i === 1 || i === 2 ? text.padStart(widths[i]!) : text.padEnd(widths[i]!))).join("  ").trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const out = [line(HEADER), rule];
  rows.forEach((r, i) => {
    if (r.kind === "section") out.push(`${out.length > 2 ? "\n" : ""}${r.title}`);
    else out.push(line(cells[i]!));
  });
  return out.join("\n");
}
