import { describe, expect, it } from "vitest";
import { commandLine, parsePodSession, podSessionPart, sessionStreams } from "@/lib/audit/pod-session";

describe("parsePodSession", () => {
  it("reads an exec's command, container and streams from the URI", () => {
    const s = parsePodSession("exec", "/api/v1/namespaces/ns/pods/p/exec?command=sh&command=-c&command=id&container=app&stdin=true&tty=true");
    expect(s).toEqual({ kind: "exec", command: ["sh", "-c", "id"], container: "app", stdin: true, stdout: false, stderr: false, tty: true, ports: [] });
    expect(commandLine(s)).toBe("sh -c id");
    expect(sessionStreams(s!)).toEqual(["stdin", "tty"]);
  });

  it("decodes arguments as the API server does: percent escapes and + as a space", () => {
    const s = parsePodSession("exec", "/api/v1/namespaces/ns/pods/p/exec?command=sh&command=-c&command=echo+%22hi%22+%3E+%2Ftmp%2Fx");
    expect(s?.command).toEqual(["sh", "-c", 'echo "hi" > /tmp/x']);
    expect(commandLine(s)).toBe('sh -c echo "hi" > /tmp/x');
  });

  it("keeps a repeated container's first value and reads flags as Go does", () => {
    // Falco's exec_pod.json, byte for byte.
    const s = parsePodSession("exec", "/api/v1/namespaces/default/pods/nginx-deployment-7998647bdf-phvq7/exec?command=bash&container=nginx1&container=nginx1&stdin=true&stdout=true&tty=true");
    expect(s).toMatchObject({ command: ["bash"], container: "nginx1", stdin: true, stdout: true, tty: true });
    expect(parsePodSession("attach", "/x/attach?stdin=0&stdout=FALSE&stderr=1&tty=yes")).toMatchObject({ stdin: false, stdout: false, stderr: true, tty: true });
  });

  it("an attach has a container but no command; a port-forward its ports", () => {
    expect(parsePodSession("attach", "/x/attach?container=c&command=ignored")).toMatchObject({ kind: "attach", command: [], container: "c" });
    expect(parsePodSession("portforward", "/x/portforward?ports=8080&ports=9090,9091")?.ports).toEqual(["8080", "9090", "9091"]);
    // SPDY clients send the ports in the stream, not the URI.
    expect(parsePodSession("portforward", "/api/v1/namespaces/ns/pods/p/portforward")?.ports).toEqual([]);
    expect(parsePodSession("log", "/api/v1/namespaces/ns/pods/p/log?container=app&follow=true")).toMatchObject({ kind: "log", container: "app" });
  });

  it("is null for other requests; no command and an empty container are absent", () => {
    expect(parsePodSession(null, "/api/v1/pods?command=x")).toBeNull();
    expect(parsePodSession("status", "/api/v1/namespaces/ns/pods/p/status?command=x")).toBeNull();
    expect(podSessionPart("command", "exec", "/x/exec?container=")).toBeNull();
    expect(podSessionPart("container", "exec", "/x/exec?container=")).toBeNull();
    expect(podSessionPart("container", "exec", "/x/exec")).toBeNull();
    expect(podSessionPart("command", "exec", "/x/exec?command=ls#frag")).toBe("ls");
  });
});
