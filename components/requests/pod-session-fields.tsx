import { commandLine, parsePodSession, sessionStreams } from "@/lib/audit/pod-session";
import { Field } from "./detail-field";
import { TermLink } from "./term-link";

const muted = "font-sans text-zinc-500 dark:text-zinc-400";

const linkStyle = "break-all whitespace-pre-wrap decoration-zinc-400 underline-offset-2 hover:text-sky-700 hover:underline dark:hover:text-sky-400";

/**
 * What an exec ran, and what an attach, log or port-forward reached: only the URI's query string says it
 * (lib/audit/pod-session.ts), so the request page spells it out beside the URI.
 */
export function PodSessionFields({ request: r }: { request: { cluster: string; subresource: string | null; requestURI: string } }) {
  const session = parsePodSession(r.subresource, r.requestURI);
  if (!session) return null;
  const command = commandLine(session);
  const streams = sessionStreams(session);
  return (
    <>
      {session.kind === "exec" ? (
        <Field label="Command">
          {command === null ? (
            <span className={muted}>none in the URI</span>
          ) : (
            <span title={session.command.map((a) => JSON.stringify(a)).join(" ")}>
              <TermLink field="command" value={command} cluster={r.cluster} testId="detail-command" className={linkStyle} />
            </span>
          )}
        </Field>
      ) : null}
      {session.kind !== "portforward" ? (
        <Field label="Container">
          {session.container === null ? (
            <span className={muted}>none named: the pod&apos;s default container</span>
          ) : (
            <TermLink field="container" value={session.container} cluster={r.cluster} testId="detail-container" className={linkStyle} />
          )}
        </Field>
      ) : null}
      {session.kind === "exec" || session.kind === "attach" ? (
        <Field label="Streams" testId="detail-streams">
          {streams.length === 0 ? <span className={muted}>none</span> : streams.join(", ")}
        </Field>
      ) : null}
      {session.kind === "portforward" ? (
        <Field label="Ports" testId="detail-ports">
          {session.ports.length === 0 ? <span className={muted}>not in the URI: the client sent them in the stream</span> : session.ports.join(", ")}
        </Field>
      ) : null}
    </>
  );
}
