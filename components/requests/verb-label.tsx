import { cn } from "@/components/ui/cn";

const WRITE = new Set(["create", "update", "patch", "post", "put", "apply"]);
const DELETE = new Set(["delete", "deletecollection"]);
const STREAM = new Set(["watch", "proxy", "connect"]);

/** A Kubernetes verb, coloured by what it does: writes blue, deletes red, long-running streams violet, reads plain. */
export function VerbLabel({ verb }: { verb: string }) {
  const tone = DELETE.has(verb)
    ? "text-red-600 dark:text-red-400"
    : WRITE.has(verb)
      ? "text-sky-700 dark:text-sky-400"
      : STREAM.has(verb)
        ? "text-violet-600 dark:text-violet-400"
        : "text-zinc-700 dark:text-zinc-300";
  return (
    <span title={verb} className={cn("block truncate font-mono font-medium", tone)}>
      {verb}
    </span>
  );
}
