/**
 * What an exec, attach, port-forward or log request asked for. The API server logs none of it in
 * objectRef or a body: kubectl puts it in the query string (`…/pods/p/exec?command=sh&command=-c&
 * command=id&container=app&stdin=true&tty=true`, `…/pods/p/portforward?ports=8080`), so the URI is the
 * only record of the command someone ran in a container.
 */

/** The pod subresources whose query string says what was run, attached to or forwarded. */
export const POD_SESSION_SUBRESOURCES = ["exec", "attach", "portforward", "log"] as const;
export type PodSessionKind = (typeof POD_SESSION_SUBRESOURCES)[number];

export type PodSession = {
  kind: PodSessionKind;
  /** exec: the command and its arguments, in order; [] when the URI names none. */
  command: string[];
  /** null: the URI names none, and the API server picked the pod's default container. */
  container: string | null;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  /** portforward: the ports asked for. Empty when the client sent them in the stream (SPDY) instead. */
  ports: string[];
};

const isSessionKind = (s: string | null): s is PodSessionKind => (POD_SESSION_SUBRESOURCES as readonly string[]).includes(s ?? "");

/** The API server reads a query flag as Go's conversion does: absent, "0" or "false" is false, anything else true. */
function flag(params: URLSearchParams, name: string): boolean {
  const v = params.get(name);
  return v !== null && v !== "0" && v.toLowerCase() !== "false";
}

function queryOf(requestURI: string): URLSearchParams {
  const q = requestURI.indexOf("?");
  if (q < 0) return new URLSearchParams();
  const hash = requestURI.indexOf("#", q);
  return new URLSearchParams(requestURI.slice(q + 1, hash < 0 ? undefined : hash));
}

export function parsePodSession(subresource: string | null, requestURI: string): PodSession | null {
  if (!isSessionKind(subresource)) return null;
  const params = queryOf(requestURI);
  return {
    kind: subresource,
    command: subresource === "exec" ? params.getAll("command") : [],
    // A repeated key keeps its first value, as the API server's conversion does (Falco's captures repeat it).
    container: params.get("container") || null,
    stdin: flag(params, "stdin"),
    stdout: flag(params, "stdout"),
    stderr: flag(params, "stderr"),
    tty: flag(params, "tty"),
    // Newer clients repeat the key; a comma-separated list is read the same way.
    ports: subresource === "portforward" ? params.getAll("ports").flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean) : [],
  };
}

/** What `command:` matches: the arguments joined with single spaces; null when the request ran no command. */
export function commandLine(session: PodSession | null): string | null {
  return session && session.command.length > 0 ? session.command.join(" ") : null;
}

/** The `command:` and `container:` values of a request, as the query language and every backend read them. */
export function podSessionPart(part: "command" | "container", subresource: string | null, requestURI: string): string | null {
  const session = parsePodSession(subresource, requestURI);
  return part === "command" ? commandLine(session) : (session?.container ?? null);
}

/** The streams a session opened, in kubectl's terms: "stdin, tty". */
export function sessionStreams(s: PodSession): string[] {
  return (["stdin", "stdout", "stderr", "tty"] as const).filter((k) => s[k]);
}

const SENTENCE_COMMAND = 80;

/**
 * The session in a sentence's words: the command as typed (cut when long; the request page has it whole)
 * and what qualifies it, "container app, stdin, tty" or "ports 8080, 9090". stdout and stderr are left
 * out: kubectl opens them on every exec, so only stdin and tty say the session was interactive.
 */
export function sessionSummary(s: PodSession): { command: string | null; details: string | null } {
  const line = commandLine(s);
  const command = line === null ? null : line.length > SENTENCE_COMMAND ? `${line.slice(0, SENTENCE_COMMAND - 1)}…` : line;
  const details = [
    ...(s.container ? [`container ${s.container}`] : []),
    ...(s.stdin ? ["stdin"] : []),
    ...(s.tty ? ["tty"] : []),
    ...(s.ports.length > 0 ? [`port${s.ports.length === 1 ? "" : "s"} ${s.ports.join(", ")}`] : []),
  ];
  return { command, details: details.length > 0 ? details.join(", ") : null };
}
