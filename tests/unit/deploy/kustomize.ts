import fs from "node:fs";
import path from "node:path";
import jsonPatch, { type Operation } from "fast-json-patch";
import { parseAllDocuments, parse } from "yaml";
import { z } from "zod";

/**
 * Renders the kustomizations in deploy/kubernetes as `kubectl kustomize` does, for the features they use
 * and no others: resources (files and bases), namespace, images (newName/newTag) and JSON 6902 patches.
 * A kustomization using anything else is refused, so the test cannot pass on a field it ignored; where
 * kubectl is installed the test also compares this with its output.
 */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

const kustomizationSchema = z
  .object({
    apiVersion: z.literal("kustomize.config.k8s.io/v1beta1"),
    kind: z.literal("Kustomization"),
    namespace: z.string().optional(),
    resources: z.array(z.string()),
    images: z.array(z.object({ name: z.string(), newName: z.string().optional(), newTag: z.string().optional() }).strict()).optional(),
    patches: z.array(z.object({ target: z.object({ kind: z.string(), name: z.string() }).strict(), patch: z.string() }).strict()).optional(),
  })
  .strict();

// Kinds this renderer knows are cluster-scoped (kustomize leaves their namespace alone).
const CLUSTER_SCOPED = new Set(["Namespace"]);

function containersOf(obj: K8sObject): { image?: string }[] {
  const spec = (obj.spec as { template?: { spec?: { containers?: { image?: string }[]; initContainers?: { image?: string }[] } } } | undefined)?.template?.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
}

export function render(dir: string): K8sObject[] {
  const k = kustomizationSchema.parse(parse(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8")));
  let objects: K8sObject[] = [];
  for (const resource of k.resources) {
    const full = path.join(dir, resource);
    if (fs.statSync(full).isDirectory()) objects.push(...render(full));
    else objects.push(...parseAllDocuments(fs.readFileSync(full, "utf8")).map((d) => d.toJS() as K8sObject));
  }
  for (const p of k.patches ?? []) {
    const ops = parse(p.patch) as Operation[];
    const matches = objects.filter((o) => o.kind === p.target.kind && o.metadata.name === p.target.name);
    if (matches.length !== 1) throw new Error(`patch target ${p.target.kind}/${p.target.name} matched ${matches.length} objects`);
    const patched = jsonPatch.applyPatch(structuredClone(matches[0]!), ops, true, false).newDocument;
    objects = objects.map((o) => (o === matches[0] ? patched : o));
  }
  if (k.namespace) for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  for (const image of k.images ?? []) {
    for (const c of objects.flatMap(containersOf)) {
      const [name, tag] = (c.image ?? "").split(":");
      if (name !== image.name) continue;
      c.image = `${image.newName ?? name}:${image.newTag ?? tag ?? "latest"}`;
    }
  }
  return objects;
}
