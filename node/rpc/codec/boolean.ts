import { describeValue, invalidParam } from "./param-error.js";

/** Parses a JSON boolean. Strings such as "true" and numbers are refused, as geth refuses them. */
export function parseBoolean(value: unknown, param: string): boolean {
  if (typeof value !== "boolean") throw invalidParam(param, `expected true or false, got ${describeValue(value)}`);
  return value;
}
