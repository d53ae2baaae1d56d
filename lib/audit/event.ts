import { z } from "zod";

export const STAGES = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"] as const;
export type Stage = (typeof STAGES)[number];
export const LEVELS = ["None", "Metadata", "Request", "RequestResponse"] as const;
export type Level = (typeof LEVELS)[number];

const userInfoSchema = z.looseObject({
  username: z.string().optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).nullish(),
  extra: z.record(z.string(), z.array(z.string()).nullish()).nullish(),
});

const objectRefSchema = z.looseObject({
  resource: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  apiGroup: z.string().optional(),
  apiVersion: z.string().optional(),
  resourceVersion: z.string().optional(),
  subresource: z.string().optional(),
});

const responseStatusSchema = z.looseObject({
  code: z.number().int().optional(),
  status: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

/**
 * One audit.k8s.io Event. Loose on purpose: newer API servers add fields (authenticationMetadata in
 * 1.35) and an audit tool must keep them. `kind`/`apiVersion` are optional because webhook EventList
 * items and some tools' output carry neither. v1beta1 events (and hand-relabelled "v1" copies of them)
 * carry `timestamp` instead of requestReceivedTimestamp/stageTimestamp, so one of the three is required.
 */
export const auditEventSchema = z
  .looseObject({
    kind: z.literal("Event").optional(),
    apiVersion: z.string().startsWith("audit.k8s.io/").optional(),
    level: z.enum(LEVELS),
    auditID: z.string().min(1),
    stage: z.enum(STAGES),
    requestURI: z.string(),
    // Every request has one (a Kubernetes verb, or the lower-cased HTTP method); an empty one is a broken event.
    verb: z.string().min(1),
    user: userInfoSchema,
    impersonatedUser: userInfoSchema.nullish(),
    sourceIPs: z.array(z.string()).nullish(),
    userAgent: z.string().optional(),
    objectRef: objectRefSchema.nullish(),
    responseStatus: responseStatusSchema.nullish(),
    requestReceivedTimestamp: z.string().optional(),
    stageTimestamp: z.string().optional(),
    timestamp: z.string().optional(),
    annotations: z.record(z.string(), z.string()).nullish(),
  })
  .refine((e) => e.requestReceivedTimestamp ?? e.stageTimestamp ?? e.timestamp, {
    message: "missing requestReceivedTimestamp, stageTimestamp and timestamp",
    path: ["requestReceivedTimestamp"],
  });

export type AuditEvent = z.infer<typeof auditEventSchema>;

export const TRUNCATED_ANNOTATION = "audit.k8s.io/truncated";
export const DECISION_ANNOTATION = "authorization.k8s.io/decision";
export const REASON_ANNOTATION = "authorization.k8s.io/reason";
