"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { inputStyles } from "@/components/ui/input";
import { formatNumber } from "@/lib/format/number";
import { acceptSuggestion, caretToken, fieldOptions, queryWithout } from "./caret-token";
import { QueryErrorCaret } from "./query-error-caret";
import { useValueSuggestions } from "./use-value-suggestions";

type Option = { key: string; label: string; detail: string; accept: string };

export type SearchBoxProps = {
  /** The query of the current URL (`q`). */
  query: string;
  /** The syntax error of that query, if any: shown under the box with a caret at the position. */
  error?: { message: string; position: number } | null;
};

/** The current URL with `q` replaced and the page cursor dropped; other keys kept, sorted as filterToSearch does. */
function hrefWithQuery(pathname: string, params: URLSearchParams, q: string): string {
  const pairs = [...params.entries()].filter(([k]) => k !== "q" && k !== "cursor");
  if (q.trim()) pairs.push(["q", q.trim()]);
  pairs.sort(([a], [b]) => a.localeCompare(b));
  const search = new URLSearchParams(pairs).toString();
  return search ? `${pathname}?${search}` : pathname;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * The query-language search box: completes field names (from the parser's list) and values (top values
 * from the store), submits by navigating, so the URL stays the single source of the query.
 */
export function SearchBox({ query, error = null }: SearchBoxProps) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useMemo(() => new URLSearchParams(searchParams.toString()), [searchParams]);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  const [text, setText] = useState(query);
  const [shownQuery, setShownQuery] = useState(query);
  const [caret, setCaret] = useState(query.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // ArrowDown on an empty word lists every field: the language explains itself.
  const [browse, setBrowse] = useState(false);
  // Back/Forward or a link changed the URL: show its query (React's "adjust state on prop change").
  if (shownQuery !== query) {
    setShownQuery(query);
    setText(query);
    setOpen(false);
  }

  const token = open ? caretToken(text, caret) : null;
  const valueRequest = token?.kind === "value" ? { field: token.field, prefix: token.prefix, q: queryWithout(text, token) } : null;
  const { values } = useValueSuggestions(valueRequest, params);

  const options: Option[] = useMemo(() => {
    if (!token) return [];
    if (token.kind === "field") {
      if (token.prefix === "" && !browse) return [];
      return fieldOptions(token.prefix).map((f) => ({ key: `f:${f.name}`, label: `${f.name}:`, detail: f.hint, accept: f.name }));
    }
    return values.map((v) => ({ key: `v:${v.value}`, label: v.value, detail: formatNumber(v.count), accept: v.value }));
  }, [token, values, browse]);

  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      inputRef.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  function submit(q: string) {
    setOpen(false);
    router.push(hrefWithQuery(pathname, params, q));
  }

  function accept(option: Option) {
    if (!token) return;
    const next = acceptSuggestion(text, token, option.accept);
    setText(next.text);
    setCaret(next.caret);
    setActive(-1);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(next.caret, next.caret));
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const hasOptions = open && options.length > 0;
    if (e.key === "ArrowDown" && !hasOptions) {
      e.preventDefault();
      setOpen(true);
      setBrowse(true);
      setActive(0);
    } else if (e.key === "ArrowDown" && hasOptions) {
      e.preventDefault();
      setActive((i) => (i + 1) % options.length);
    } else if (e.key === "ArrowUp" && hasOptions) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (e.key === "Tab" && hasOptions && !e.shiftKey) {
      e.preventDefault();
      accept(options[Math.max(active, 0)]!);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (hasOptions && active >= 0) accept(options[active]!);
      else submit(text);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (hasOptions) {
        setOpen(false);
        return;
      }
      setText("");
      if (query !== "") submit("");
    }
  }

  const showError = error && text === query;
  return (
    <div className="relative flex flex-col gap-1" data-testid="search">
      <div className="relative">
        <svg aria-hidden viewBox="0 0 16 16" className="pointer-events-none absolute top-2 left-2 size-3.5 fill-none stroke-zinc-400 stroke-2">
          <circle cx="7" cy="7" r="4.5" />
          <path d="m10.5 10.5 3.5 3.5" />
        </svg>
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label="Search requests"
          aria-expanded={open && options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={showError ? true : undefined}
          aria-describedby={showError ? `${listId}-error` : undefined}
          data-testid="search-input"
          className={cn(inputStyles, "h-8 pr-14 pl-7 text-[13px]", showError && "border-red-500! focus:ring-red-500!")}
          placeholder='Search: user:alice verb:delete,patch -user:system:* code:>=400 "free text"'
          value={text}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setOpen(true);
            setBrowse(false);
            setActive(-1);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <kbd className="pointer-events-none absolute top-1.5 right-2 rounded border border-zinc-300 px-1.5 font-mono text-[10px] text-zinc-400 dark:border-zinc-700">
          /
        </kbd>
        {open && options.length > 0 ? (
          <ul
            id={listId}
            role="listbox"
            data-testid="search-suggestions"
            className="absolute top-full right-0 left-0 z-30 mt-1 max-h-72 overflow-auto rounded border border-zinc-200 bg-white py-1 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          >
            {options.map((o, i) => (
              <li
                key={o.key}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                // mousedown, not click: the input's blur would close the list before a click lands.
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(o);
                }}
                onMouseEnter={() => setActive(i)}
                className={cn(
                  "flex cursor-pointer items-baseline justify-between gap-4 px-2.5 py-1",
                  i === active ? "bg-sky-50 dark:bg-sky-950" : "",
                )}
              >
                <span className="truncate font-mono text-zinc-900 dark:text-zinc-100">{o.label}</span>
                <span className="shrink-0 text-zinc-500 tabular-nums dark:text-zinc-400">{o.detail}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {showError ? <QueryErrorCaret id={`${listId}-error`} query={query} message={error.message} position={error.position} /> : null}
    </div>
  );
}
