import { SECOND, type TimestampFormatter } from "./clock";
import type { PendingEvents } from "./heap";
import type { Plan } from "./plan";

const HEAD = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"';

// One serialized annotation pair per distinct reason; there are a few hundred.
const authzCache = new Map<string | null, string>();
function authorizationAnnotations(reason: string | null): string {
  let out = authzCache.get(reason);
  if (out === undefined) {
    out = reason === null
      ? '"authorization.k8s.io/decision":"forbid","authorization.k8s.io/reason":""'
      : `"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":${JSON.stringify(reason)}`;
    authzCache.set(reason, out);
  }
  return out;
}

/** Go's time.Duration.String for at least a millisecond: `523.456ms`, `1.234567s`. */
export function goDurationMicros(us: number): string {
  const trim = (s: string) => s.replace(/\.?0+$/, "");
  return us >= SECOND ? `${trim((us / SECOND).toFixed(6))}s` : `${trim((us / 1000).toFixed(3))}ms`;
}

/**
 * Writes one request's stage events: returns the RequestReceived line, which is due now, and queues
 * ResponseStarted/ResponseComplete at their own stageTimestamp. Fields are in the order the API server
 * serializes them; the parts every stage shares are built once.
 */
export function renderRequest(p: Plan, auditID: string, receivedUs: number, sourceIPs: string, fmt: TimestampFormatter, pending: PendingEvents): string {
  const actor = p.actor;
  const head = `${HEAD}${p.level}","auditID":"${auditID}","stage":"`;
  const impersonated = actor.impersonatedUserJson ? `"impersonatedUser":${actor.impersonatedUserJson},` : "";
  const mid = `","requestURI":${JSON.stringify(p.requestURI)},"verb":"${p.verb}","user":${actor.userJson},${impersonated}"sourceIPs":${sourceIPs},"userAgent":${actor.userAgentJson},`;
  const times = `"requestReceivedTimestamp":"${fmt.format(receivedUs)}","stageTimestamp":"`;
  const ref = p.objectRef ? `"objectRef":${p.objectRef},` : "";
  const refDone = p.objectRefDone ? `"objectRef":${p.objectRefDone},` : "";

  let before = p.annotationsBefore;
  // Since 1.27 the API server annotates slow requests with where the time went.
  if (p.startedUs === null && p.latencyUs >= SECOND / 2) {
    before = `"apiserver.latency.k8s.io/etcd":"${goDurationMicros(Math.round(p.latencyUs * 0.85))}","apiserver.latency.k8s.io/total":"${goDurationMicros(p.latencyUs)}",${before}`;
  }
  const annotations = `{${before}${authorizationAnnotations(p.reason)}${p.annotationsAfter}}`;

  if (p.startedUs !== null) {
    const started = `${head}ResponseStarted${mid}${refDone}"responseStatus":${p.responseStatus},${times}${fmt.format(receivedUs + p.startedUs)}","annotations":${annotations}}`;
    pending.push(receivedUs + p.startedUs, started);
  }
  const bodies = (p.requestObject ? `"requestObject":${p.requestObject},` : "") + (p.responseObject ? `"responseObject":${p.responseObject},` : "");
  const doneUs = receivedUs + p.latencyUs;
  pending.push(doneUs, `${head}ResponseComplete${mid}${refDone}"responseStatus":${p.responseStatus},${bodies}${times}${fmt.format(doneUs)}","annotations":${annotations}}`);
  // The API server stamps RequestReceived a few microseconds after the request arrived.
  return `${head}RequestReceived${mid}${ref}${times}${fmt.format(receivedUs + (auditID.charCodeAt(0) & 15))}"}`;
}
