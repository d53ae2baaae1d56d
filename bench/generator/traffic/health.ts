import { always, makeActor, rbac } from "../actors";
import { CONTROL_PLANE_IP } from "../catalog";
import { R } from "../resources";
import type { Entry } from "./common";

/**
 * Unauthenticated traffic: load-balancer and kubelet probes of the health endpoints (allowed to
 * system:unauthenticated by system:public-info-viewer), and the odd scanner trying the API anonymously.
 */
export function healthTraffic(): Entry[] {
  const publicInfoReason = rbac.clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", "Group", "system:unauthenticated");
  const publicInfo = always(publicInfoReason);
  const anonymous = { username: "system:anonymous", groups: ["system:unauthenticated"] };
  const probe = makeActor(anonymous, "kube-probe/1.30", [[CONTROL_PLANE_IP]], publicInfo, true);
  const elb = makeActor(anonymous, "ELB-HealthChecker/2.0", [["10.0.0.37"], ["10.0.1.152"], ["10.0.2.201"]], publicInfo, true);
  const scanner = makeActor(anonymous, "python-requests/2.31.0", [["185.220.101.34"], ["45.155.205.99"]], (req) => (req.res ? null : publicInfoReason), true);
  return [
    [(b) => b.nonResource(probe, "/livez"), 32],
    [(b) => b.nonResource(probe, "/readyz"), 32],
    [(b) => b.nonResource(elb, b.rng.pick(["/healthz", "/readyz"])), 36],
    [(b) => b.nonResource(b.rng.pick([probe, elb]), "/version"), 1],
    [(b) => b.list(scanner, b.rng.pick([R.pods, R.secrets, R.namespaces]), undefined, ""), 0.3],
  ];
}
