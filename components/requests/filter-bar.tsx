"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button, buttonStyles } from "@/components/ui/button";
import { LabeledInput } from "@/components/ui/input";
import { parseFilter, type Filter } from "@/lib/query/filter";
import { requestsHref } from "./hrefs";

const FIELDS = [
  { name: "user", label: "User", placeholder: "alice, system:serviceaccount:…" },
  { name: "verb", label: "Verb", placeholder: "create, delete" },
  { name: "resource", label: "Resource", placeholder: "pods, secrets" },
  { name: "namespace", label: "Namespace", placeholder: "kube-system" },
  { name: "code", label: "Code", placeholder: "403, 500" },
  { name: "cluster", label: "Cluster", placeholder: "default" },
] as const satisfies readonly { name: keyof Filter; label: string; placeholder: string }[];

function text(value: string[] | number[] | string | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * A GET form: without JavaScript it submits to `/` and the URL carries the filter. With JavaScript the
 * values go through the filter schema first, so empty fields are dropped and keys sorted — equal views,
 * equal links.
 */
export function FilterBar({ filter, clusters }: { filter: Filter; clusters: string[] }) {
  const router = useRouter();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params: Record<string, string> = {};
    for (const [k, v] of new FormData(event.currentTarget)) if (typeof v === "string" && v.trim() !== "") params[k] = v;
    router.push(requestsHref(parseFilter(params)));
  }

  const active = Object.values(filter).some((v) => v !== undefined);
  return (
    <form
      key={requestsHref(filter)}
      method="get"
      action="/"
      role="search"
      aria-label="Filter requests"
      onSubmit={submit}
      className="grid grid-cols-2 items-end gap-2 sm:grid-cols-3 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto]"
    >
      {FIELDS.map((f) => (
        <LabeledInput
          key={f.name}
          label={f.label}
          name={f.name}
          defaultValue={text(filter[f.name])}
          placeholder={f.placeholder}
          list={f.name === "cluster" ? "cluster-options" : undefined}
          autoComplete="off"
          spellCheck={false}
          data-testid={`filter-${f.name}`}
        />
      ))}
      {/* The time range has no field yet; keep it so Apply does not silently widen the view. */}
      {filter.from ? <input type="hidden" name="from" value={filter.from} /> : null}
      {filter.to ? <input type="hidden" name="to" value={filter.to} /> : null}
      <datalist id="cluster-options">
        {clusters.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div className="col-span-full flex gap-2 lg:col-span-1">
        <Button type="submit" variant="primary" data-testid="filter-apply">
          Apply
        </Button>
        <Link href="/" className={buttonStyles(active ? "secondary" : "ghost")} data-testid="filter-clear">
          Clear
        </Link>
      </div>
    </form>
  );
}
