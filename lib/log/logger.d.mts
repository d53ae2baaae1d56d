import type { z } from "zod";

export declare const logFormatSchema: z.ZodEnum<{ text: "text"; json: "json" }>;
export type LogFormat = z.infer<typeof logFormatSchema>;
export type LogLevel = "info" | "warn" | "error";
/** Ids, counts, paths and durations: never audit-log content. */
export type LogFields = Record<string, string | number | boolean | null | undefined | Error | readonly (string | number)[]>;

export declare function logFormat(env?: Record<string, string | undefined>): LogFormat;
export declare function formatLine(level: LogLevel, message: string, fields?: LogFields, format?: LogFormat, now?: Date): string;
export declare const log: {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
};
export declare function routeConsoleToLog(): void;
