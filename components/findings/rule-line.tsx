import Link from "next/link";
import type { ReactNode } from "react";
import type { Severity } from "@/lib/findings/rule";
import { SeverityBadge } from "./severity-badge";

/** One rule in a short list: its severity, its title linking to its page, then what the list says of it. */
export function RuleLine({ severity, title, href, testId, children }: { severity: Severity | null; title: string; href: string; testId: string; children?: ReactNode }) {
  return (
    <li className="flex flex-wrap items-center gap-2" data-testid={testId}>
      <SeverityBadge severity={severity} />
      <Link href={href} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
        {title}
      </Link>
      {children}
    </li>
  );
}
