import { impersonating, makeActor, rbac, serviceAccountGroups, type Actor, type Authorizer } from "../actors";
import { HELM_UA, KUBECTL_129_LINUX, KUBECTL_130_MAC, LENS_UA, SCRATCH_NAMESPACES, TEAM_NAMESPACES } from "../catalog";
import { MINUTE, MS, SECOND } from "../clock";
import type { PlanBuilder } from "../plan";
import type { Prng } from "../prng";
import { R } from "../resources";
import { invalid } from "../statuses";
import type { App, World } from "../world";
import { mostlyExisting, patchJson, type Entry } from "./common";
import { applyWorkload } from "./workloads";

const WRITABLE: ReadonlySet<string> = new Set([...TEAM_NAMESPACES, ...SCRATCH_NAMESPACES]);
const READ_VERBS: ReadonlySet<string> = new Set(["get", "list", "watch"]);

/** Developers may read most things everywhere (not secrets, not nodes), and change their own namespaces. */
function developer(group: string): Authorizer {
  const view = rbac.clusterRoleBinding(`${group}-view`, "view", "Group", group);
  return (req) => {
    if (req.namespace && WRITABLE.has(req.namespace)) return rbac.roleBinding(`${group}-edit`, req.namespace, "ClusterRole", "edit", "Group", group);
    if (!READ_VERBS.has(req.verb) || req.subresource === "log" || !req.res) return req.res ? null : rbac.clusterRoleBinding("system:discovery", "system:discovery", "Group", "system:authenticated");
    if (req.res === R.secrets || !req.res.namespaced) return null;
    return view;
  };
}

/** A contractor who may only look at a few namespaces, and often tries others. */
function contractor(namespaces: readonly string[]): Authorizer {
  return (req) => {
    if (!req.res) return rbac.clusterRoleBinding("system:discovery", "system:discovery", "Group", "system:authenticated");
    if (!req.namespace || !namespaces.includes(req.namespace) || !READ_VERBS.has(req.verb) || req.res === R.secrets) return null;
    return rbac.roleBinding("contractors-view", req.namespace, "ClusterRole", "view", "Group", "contractors");
  };
}

/** People: kubectl, Helm and Lens, from the office and the VPN, sometimes impersonating CI. */
export function humanTraffic(w: World): Entry[] {
  const ips = (...list: string[]) => list.map((ip) => [ip]);
  const alice = makeActor({ username: "alice@example.com", groups: ["developers", "system:authenticated"] }, KUBECTL_130_MAC, ips("203.0.113.24", "192.168.10.41"), developer("developers"));
  const erin = makeActor({ username: "erin@example.com", groups: ["developers", "system:authenticated"] }, LENS_UA, ips("192.168.10.77"), developer("developers"));
  const bob = makeActor({ username: "bob@example.com", groups: ["contractors", "system:authenticated"] }, KUBECTL_129_LINUX, ips("198.51.100.17"), contractor(["storefront", "cms", "media", "storefront-staging"]));
  const adminReason = rbac.clusterRoleBinding("platform-admins", "cluster-admin", "Group", "oidc:platform-admins");
  const carol = makeActor({ username: "oidc:carol", groups: ["oidc:platform-admins", "system:authenticated"] }, KUBECTL_130_MAC, ips("203.0.113.51", "192.168.10.12"), () => adminReason);
  const sreReason = rbac.clusterRoleBinding("sre-admin", "admin", "Group", "sre");
  const daveKubectl = makeActor({ username: "dave@example.com", groups: ["sre", "system:authenticated"] }, KUBECTL_129_LINUX, ips("203.0.113.88"), () => sreReason);
  const daveHelm = makeActor({ username: "dave@example.com", groups: ["sre", "system:authenticated"] }, HELM_UA, ips("203.0.113.88"), () => sreReason);
  const deployerReason = rbac.clusterRoleBinding("ci-deployer", "ci-deployer", "ServiceAccount", "deployer/ci");
  const carolAsCI = impersonating(carol, { username: "system:serviceaccount:ci:deployer", groups: serviceAccountGroups("ci") }, () => deployerReason);

  const kubectlUsers = [alice, alice, carol, daveKubectl, bob];
  const people = [alice, alice, carol, daveKubectl, erin];
  const team = w.teamApps;
  const scratch = w.scratchApps;
  const anyApp = (rng: Prng): App => (rng.chance(0.25) ? rng.pick(scratch) : rng.pick(team));
  // People paste pod names from output a while old, so some are gone already.
  const runningPod = (rng: Prng, app: App) => mostlyExisting(rng, app.pods, 0.85);
  const bobsApps = team.filter((a) => ["storefront", "cms", "media", "storefront-staging"].includes(a.namespace));
  const logsOrExecAuthor = (rng: Prng) => rng.pick([alice, alice, carol, daveKubectl, erin]);

  const humanApply = (b: PlanBuilder, actor: Actor, app: App) =>
    applyWorkload(b, actor, app, b.rng.chance(0.08) ? invalid(app.workload.res, app.name, "spec.template.spec.containers[0].image", "Required value") : null);

  return [
    [(b) => b.nonResource(b.rng.pick(kubectlUsers), b.rng.pick(["/api", "/apis"]) + "?timeout=32s"), 4],
    [(b) => { const app = anyApp(b.rng); return b.list(b.rng.pick(people), R.pods, app.namespace, "?limit=500"); }, 5],
    [(b) => b.get(b.rng.pick(people), anyApp(b.rng).workload), 2.5],
    [(b) => { const app = anyApp(b.rng); return b.get(b.rng.pick(people), runningPod(b.rng, app)); }, 1.5],
    [(b) => b.get(b.rng.pick(people), anyApp(b.rng).config), 1],
    [(b) => b.get(b.rng.pick(people), anyApp(b.rng).secret), 0.6],
    [(b) => {
      const app = anyApp(b.rng);
      const pod = runningPod(b.rng, app);
      return b.list(b.rng.pick(people), R.events, app.namespace, `?fieldSelector=involvedObject.name%3D${pod.name}%2CinvolvedObject.namespace%3D${app.namespace}%2CinvolvedObject.uid%3D${pod.uid}&limit=500`);
    }, 1],
    [(b) => {
      const app = anyApp(b.rng);
      const follow = b.rng.chance(0.4);
      const query = follow ? `?container=${app.container}&follow=true&tailLines=100` : `?container=${app.container}&tailLines=200`;
      const duration = follow ? b.rng.range(20 * SECOND, 15 * MINUTE) : b.rng.logNormal(150 * MS, 0.6);
      return b.stream(logsOrExecAuthor(b.rng), runningPod(b.rng, app), "log", query, duration);
    }, 1.5],
    [(b) => {
      const app = anyApp(b.rng);
      return b.stream(logsOrExecAuthor(b.rng), runningPod(b.rng, app), "exec", `?command=%2Fbin%2Fsh&container=${app.container}&stdin=true&stdout=true&tty=true`, b.rng.range(15 * SECOND, 20 * MINUTE));
    }, 0.4],
    [(b) => humanApply(b, b.rng.pick([alice, carol, daveKubectl]), anyApp(b.rng)), 1.2],
    [(b) => {
      const app = anyApp(b.rng);
      const replicas = b.rng.range(1, 8);
      return b.patch(b.rng.pick([alice, carol, daveKubectl]), app.workload, patchJson({ spec: { replicas } }), { subresource: "scale", query: "?fieldManager=kubectl-scale", mutate: () => { app.replicas = replicas; } });
    }, 0.4],
    [(b) => {
      const app = anyApp(b.rng);
      const at = new Date(Math.floor(b.now / 1000)).toISOString().slice(0, 19) + "Z";
      return b.patch(b.rng.pick([alice, carol, daveKubectl]), app.workload, patchJson({ spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": at } } } } }), { query: "?fieldManager=kubectl-rollout", mutate: () => { app.restartedAtUs = b.now; } });
    }, 0.4],
    [(b) => b.update(b.rng.pick([alice, carol]), anyApp(b.rng).config, { query: "?fieldManager=kubectl-edit&fieldValidation=Strict", conflictChance: 0.04 }), 0.8],
    [(b) => b.create(b.rng.pick([alice, daveKubectl]), b.rng.pick(scratch).config, { query: "?fieldManager=kubectl-create&fieldValidation=Strict" }), 0.4],
    [(b) => humanApply(b, b.rng.pick([alice, daveKubectl]), b.rng.pick(scratch)), 0.5],
    [(b) => {
      // Names with capitals or underscores fail validation.
      const app = b.rng.pick(scratch);
      const name = b.rng.pick(["App_Config", "Feature-Flags", "my_settings", "TestData"]);
      const detail = `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
      return b.create(b.rng.pick([alice, daveKubectl, erin]), w.transient(R.configmaps, app.namespace, name), { query: "?fieldManager=kubectl-create&fieldValidation=Strict", failure: invalid(R.configmaps, name, "metadata.name", detail) });
    }, 0.4],
    [(b) => b.delete(b.rng.pick([alice, daveKubectl]), mostlyExisting(b.rng, scratch.map((a) => a.workload), 0.8)), 0.35],
    [(b) => b.delete(b.rng.pick([alice, daveKubectl]), b.rng.pick(scratch).config), 0.2],
    [(b) => { const app = anyApp(b.rng); return b.delete(b.rng.pick([alice, carol, daveKubectl]), runningPod(b.rng, app)); }, 0.5],
    [(b) => { const app = anyApp(b.rng); return b.watch(b.rng.pick(people), R.pods, app.namespace); }, 0.8],
    [(b) => b.list(b.rng.pick([alice, carol, daveKubectl]), R.nodes, undefined, "?limit=500"), 0.6],
    [(b) => { const app = b.rng.pick(team); return b.list(daveHelm, R.secrets, app.namespace, `?labelSelector=name%3D${app.name}%2Cowner%3Dhelm`); }, 0.6],
    [(b) => { const app = b.rng.pick(team); return b.get(daveHelm, app.helmReleases.find((s) => !s.exists) ?? app.secret); }, 1],
    [(b) => { const app = b.rng.pick(team); const next = app.helmReleases.find((s) => !s.exists); return next ? b.create(daveHelm, next, { query: "?fieldManager=helm" }) : b.get(daveHelm, app.secret); }, 0.1],
    [(b) => b.list(erin, b.rng.pick([R.pods, R.events, R.deployments, R.services, R.ingresses]), b.rng.chance(0.3) ? undefined : anyApp(b.rng).namespace, "?limit=500"), 2],
    [(b) => b.watch(erin, b.rng.pick([R.pods, R.events, R.deployments]), anyApp(b.rng).namespace), 1.5],
    [(b) => b.get(carol, b.rng.pick(b.rng.chance(0.5) ? w.clusterRoles : w.clusterRoleBindings)), 0.3],
    [(b) => { const app = anyApp(b.rng); return b.get(b.rng.pick(people), w.nsObjects.get(app.namespace)!.roleBinding); }, 0.2],
    [(b) => b.update(carol, b.rng.pick(w.clusterRoleBindings), { query: "?fieldManager=kubectl-edit&fieldValidation=Strict" }), 0.05],
    [(b) => b.get(carolAsCI, b.rng.pick(team).workload), 0.3],
    [(b) => humanApply(b, carolAsCI, b.rng.pick(team)), 0.2],
    // bob tries namespaces he has no access to, secrets, and nodes: most of the log's 403s from people.
    [(b) => {
      const app = b.rng.chance(0.5) && bobsApps.length > 0 ? b.rng.pick(bobsApps) : b.rng.pick(team);
      const roll = b.rng.int(4);
      if (roll === 0) return b.list(bob, R.pods, app.namespace, "?limit=500");
      if (roll === 1) return b.get(bob, app.workload);
      if (roll === 2) return b.get(bob, app.secret);
      return b.list(bob, R.nodes, undefined, "?limit=500");
    }, 4],
  ];
}
