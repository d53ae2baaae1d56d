import type { InputHTMLAttributes } from "react";
import { cn } from "./cn";

export const inputStyles =
  "h-7 w-full rounded border border-zinc-300 bg-white px-2 font-mono text-xs text-zinc-900 placeholder:font-sans placeholder:text-zinc-400 " +
  "focus:border-sky-500 focus:ring-1 focus:ring-sky-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-600";

/** A small labelled text input; the label sits above it, like a log tool's query fields. */
export function LabeledInput({
  label,
  className,
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className={cn("flex min-w-0 flex-col gap-0.5", className)}>
      <span className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">{label}</span>
      <input className={inputStyles} {...rest} />
    </label>
  );
}
