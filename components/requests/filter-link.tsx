import Link from "next/link";
import type { Filter } from "@/lib/query/filter";
import { requestsHref } from "./hrefs";

type ListKey = "cluster" | "user" | "verb" | "resource" | "namespace";

/** A value from a request that opens the dashboard filtered to it. */
export function FilterLink({ field, value }: { field: ListKey; value: string }) {
  const filter: Filter = { [field]: [value] };
  return (
    <Link
      href={requestsHref(filter)}
      prefetch={false}
      title={`Show requests where ${field} is ${value}`}
      className="break-all decoration-zinc-400 underline-offset-2 hover:text-sky-700 hover:underline dark:hover:text-sky-400"
    >
      {value}
    </Link>
  );
}
