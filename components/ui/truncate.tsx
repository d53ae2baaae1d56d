import { cn } from "./cn";

/** One line of text cut with an ellipsis; the full value is in the tooltip. */
export function Truncate({ text, className }: { text: string; className?: string }) {
  return (
    <span title={text} className={cn("block truncate", className)}>
      {text}
    </span>
  );
}
