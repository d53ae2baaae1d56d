import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { actorHref } from "./actor-href";

/** A username that opens everything this user did. */
export function ActorLink({ user, cluster, className }: { user: string; cluster?: string; className?: string }) {
  return (
    <Link
      href={actorHref(user, cluster)}
      prefetch={false}
      data-testid="actor-link"
      title={`Everything ${user} did`}
      className={cn("break-all text-sky-700 underline-offset-2 hover:underline dark:text-sky-400", className)}
    >
      {user}
    </Link>
  );
}
