import { pino, type Logger } from "pino";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
export const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

/** The node's structured logger: JSON lines on stdout, one child logger per component. */
export function createLogger(level: LogLevel): Logger {
  return pino({ name: "citrate", level });
}
