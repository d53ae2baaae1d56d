"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { copyText } from "./clipboard";
import { CheckIcon, LinkIcon } from "./icons";
import { useCurrentView } from "./use-current-view";

type State = { kind: "idle" } | { kind: "copied" } | { kind: "manual"; url: string };

/** Copies the absolute canonical URL of the current view; when no copy works, shows it selected to copy by hand. */
export function CopyLinkButton({ path }: { path?: string }) {
  const current = useCurrentView();
  const [state, setState] = useState<State>({ kind: "idle" });

  useEffect(() => {
    if (state.kind !== "copied") return;
    const t = setTimeout(() => setState({ kind: "idle" }), 2500);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    const url = new URL(path ?? current.url, window.location.origin).toString();
    setState((await copyText(url)) ? { kind: "copied" } : { kind: "manual", url });
  }

  return (
    <span className="relative inline-flex items-center">
      <Button onClick={copy} data-testid="copy-link" title="Copy a link to this exact view">
        {state.kind === "copied" ? <CheckIcon /> : <LinkIcon />}
        {state.kind === "copied" ? "Copied" : "Copy link"}
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {state.kind === "copied" ? "Link copied to the clipboard" : ""}
      </span>
      {state.kind === "manual" ? (
        <input
          aria-label="Link to this view"
          readOnly
          autoFocus
          value={state.url}
          onFocus={(e) => e.currentTarget.select()}
          onBlur={() => setState({ kind: "idle" })}
          className="absolute top-8 right-0 z-20 h-7 w-80 rounded border border-zinc-300 bg-white px-2 font-mono text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900"
        />
      ) : null}
    </span>
  );
}
