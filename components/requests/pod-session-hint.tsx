import { parsePodSession, sessionSummary } from "@/lib/audit/pod-session";

/**
 * The requests table's word on an exec, attach, log or port-forward: the command run, or the container
 * and ports reached, after the pod's name ("ns/p $ sh -c id"). The whole line is on hover.
 */
export function PodSessionHint({ row }: { row: { subresource: string | null; requestURI: string } }) {
  const session = parsePodSession(row.subresource, row.requestURI);
  if (!session) return null;
  const { command, details } = sessionSummary(session);
  if (command === null && details === null) return null;
  const whole = [command === null ? null : `$ ${session.command.join(" ")}`, details === null ? null : `(${details})`].filter(Boolean).join(" ");
  return (
    <span data-testid="session-hint" title={whole} className="ml-1.5 text-violet-700 dark:text-violet-300">
      {command === null ? <span className="text-zinc-500 dark:text-zinc-400">({details})</span> : `$ ${command}`}
    </span>
  );
}
