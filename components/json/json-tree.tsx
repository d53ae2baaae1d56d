"use client";

import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** Strings longer than this are cut, with a control to show the rest. */
const LONG_STRING = 160;

type Props = {
  value: unknown;
  /** Levels open at first: 0 = only the root line, 1 = its keys, Infinity = everything. */
  defaultDepth?: number;
  /** Accessible name of the tree, e.g. "requestObject". */
  label: string;
  className?: string;
  /** Key of the placeholder BoundedJsonTree puts where it cut a body too deep to send whole. */
  deepMarker?: string;
};

/**
 * A JSON document as a tree: objects and arrays open and close per node, long strings are cut with a
 * control to expand them. Every key and value renders as text, so log content cannot inject markup.
 */
export function JsonTree({ value, defaultDepth = 2, label, className, deepMarker }: Props) {
  // Expand/collapse all remounts the nodes with a new default (their own state is per node).
  const [mode, setMode] = useState({ depth: defaultDepth, generation: 0 });
  const expandable = isContainer(value);
  return (
    <div data-testid="json-tree" aria-label={label} role="tree" className={cn("font-mono text-[11px] leading-[1.6]", className)}>
      {expandable ? (
        <div className="mb-1 flex gap-2 font-sans text-[11px]">
          <button type="button" className={toolStyle} onClick={() => setMode((m) => ({ depth: Infinity, generation: m.generation + 1 }))}>
            Expand all
          </button>
          <button type="button" className={toolStyle} onClick={() => setMode((m) => ({ depth: 0, generation: m.generation + 1 }))}>
            Collapse all
          </button>
        </div>
      ) : null}
      <Node key={mode.generation} name={null} value={value} depth={0} openDepth={mode.depth} path={label} last deepMarker={deepMarker} />
    </div>
  );
}

const toolStyle =
  "rounded px-1.5 py-px text-zinc-500 ring-1 ring-zinc-200 hover:bg-zinc-100 hover:text-zinc-900 dark:ring-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === "object" && v !== null && Object.keys(v).length > 0;
}

type NodeProps = {
  name: string | number | null;
  value: unknown;
  depth: number;
  openDepth: number;
  path: string;
  last: boolean;
  deepMarker: string | undefined;
};

function Key({ name }: { name: string | number | null }) {
  if (name === null) return null;
  if (typeof name === "number") return <span className="text-zinc-400 dark:text-zinc-500">{name}: </span>;
  return <span className="text-violet-700 dark:text-violet-300">{JSON.stringify(name)}: </span>;
}

function Node({ name, value, depth, openDepth, path, last, deepMarker }: NodeProps) {
  const [open, setOpen] = useState(depth < openDepth);
  const comma = last ? "" : ",";
  if (deepMarker !== undefined && typeof value === "object" && value !== null && Object.hasOwn(value, deepMarker)) {
    return (
      <div role="treeitem" aria-selected={false} data-testid="json-too-deep" className="pl-4 break-all whitespace-pre-wrap">
        <Key name={name} />
        <span className="text-zinc-500 italic">{"{…}"} nested deeper than this tree opens: the raw event holds the rest</span>
        {comma}
      </div>
    );
  }
  if (!isContainer(value)) {
    return (
      <div role="treeitem" aria-selected={false} className="pl-4 break-all whitespace-pre-wrap">
        <Key name={name} />
        <Scalar value={value} />
        {comma}
      </div>
    );
  }
  const array = Array.isArray(value);
  const entries: [string | number, unknown][] = array ? value.map((v, i) => [i, v]) : Object.entries(value);
  const [openBrace, closeBrace] = array ? ["[", "]"] : ["{", "}"];
  const summary = array ? `${entries.length} item${entries.length === 1 ? "" : "s"}` : `${entries.length} key${entries.length === 1 ? "" : "s"}`;
  return (
    <div role="treeitem" aria-selected={false} aria-expanded={open} data-path={path}>
      <div className="flex items-start">
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-label={`${open ? "Collapse" : "Expand"} ${path}`}
          aria-expanded={open}
          className="mt-px mr-0.5 inline-flex h-3.5 w-3.5 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
        >
          <svg viewBox="0 0 10 10" aria-hidden="true" className={cn("h-2.5 w-2.5 transition-transform", open && "rotate-90")}>
            <path d="M3 1.5 7 5 3 8.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </button>
        <span className="min-w-0 break-all">
          <Key name={name} />
          {openBrace}
          {open ? null : (
            <button type="button" onClick={() => setOpen(true)} className="mx-1 rounded px-1 text-zinc-400 hover:bg-zinc-100 dark:hover:bg-zinc-800">
              {summary}
            </button>
          )}
          {open ? null : `${closeBrace}${comma}`}
        </span>
      </div>
      {open ? (
        <>
          <div role="group" className="ml-[7px] border-l border-zinc-200 pl-1 dark:border-zinc-800">
            {entries.map(([k, v], i) => (
              <Node
                key={k}
                name={k}
                value={v}
                depth={depth + 1}
                openDepth={openDepth}
                path={`${path}${typeof k === "number" ? `[${k}]` : `.${k}`}`}
                last={i === entries.length - 1}
                deepMarker={deepMarker}
              />
            ))}
          </div>
          <div className="pl-4">
            {closeBrace}
            {comma}
          </div>
        </>
      ) : null}
    </div>
  );
}

function Scalar({ value }: { value: unknown }): ReactNode {
  if (typeof value === "string") return <LongString value={value} />;
  if (typeof value === "number") return <span className="text-sky-700 dark:text-sky-300">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="text-amber-700 dark:text-amber-300">{String(value)}</span>;
  if (value === null) return <span className="text-zinc-400">null</span>;
  // Empty object or array.
  return <span className="text-zinc-500">{Array.isArray(value) ? "[]" : "{}"}</span>;
}

function LongString({ value }: { value: string }) {
  const [full, setFull] = useState(false);
  const quoted = JSON.stringify(value);
  const cut = !full && quoted.length > LONG_STRING;
  return (
    <span className="text-emerald-700 dark:text-emerald-300">
      {cut ? `${quoted.slice(0, LONG_STRING)}…` : quoted}
      {quoted.length > LONG_STRING ? (
        <button
          type="button"
          onClick={() => setFull((f) => !f)}
          className="ml-1 rounded px-1 font-sans text-[10px] text-zinc-500 ring-1 ring-zinc-200 hover:bg-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800"
        >
          {full ? "show less" : `show all ${value.length.toLocaleString("en-US")} characters`}
        </button>
      ) : null}
    </span>
  );
}
