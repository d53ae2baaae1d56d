/**
 * A query syntax error under the search box: the message, then the query with a caret under the
 * offending position (a window around it for long queries), like a compiler's error line.
 */
const WINDOW = 60;

export function QueryErrorCaret({ id, query, message, position }: { id: string; query: string; message: string; position: number }) {
  const at = Math.max(0, Math.min(position, query.length));
  const from = Math.max(0, at - WINDOW);
  const to = Math.min(query.length, at + WINDOW);
  const prefix = from > 0 ? "…" : "";
  const shown = prefix + query.slice(from, to) + (to < query.length ? "…" : "");
  const caretColumn = prefix.length + at - from;
  return (
    <div id={id} role="alert" data-testid="search-error" data-position={position} className="flex flex-col gap-0.5 text-xs">
      <span className="font-medium text-red-700 dark:text-red-400">
        {message} <span className="font-normal text-zinc-500 dark:text-zinc-400">(at character {position + 1})</span>
      </span>
      <pre aria-hidden className="overflow-x-auto font-mono text-[12px] leading-4 text-zinc-700 dark:text-zinc-300">
        {shown}
        {"\n"}
        <span className="text-red-600 dark:text-red-400">{" ".repeat(caretColumn)}^</span>
      </pre>
    </div>
  );
}
