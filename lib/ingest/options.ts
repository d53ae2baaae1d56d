import { z } from "zod";

export const DEFAULT_CLUSTER = "default";

// Cluster names show up in URLs and filters; keep them printable and short.
export const clusterNameSchema = z
  .string()
  .trim()
  .min(1, "cluster name is empty")
  .max(100, "cluster name is longer than 100 characters")
  .regex(/^[^\s,\p{Cc}]+$/u, "cluster name may not contain spaces, commas or control characters");

export const ingestParamsSchema = z.object({
  cluster: clusterNameSchema.default(DEFAULT_CLUSTER),
  filename: z.string().max(255, "filename is longer than 255 characters").optional(),
});
