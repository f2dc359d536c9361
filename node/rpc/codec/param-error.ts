import { RpcError } from "../json-rpc.js";

/**
 * The -32602 error for one parameter: `invalid <param>: <problem>`. `param` is whatever names the
 * value to the caller — "argument 0 (address)" from the method registry, "argument 1 (block).blockHash"
 * for a field inside it — so the client learns which value was wrong and why.
 */
export function invalidParam(param: string, problem: string): RpcError {
  return RpcError.invalidParams(`invalid ${param}: ${problem}`);
}

/** A short description of a JSON value for error messages (strings are quoted and truncated). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`;
    case "number":
    case "boolean":
      return `the ${typeof value} ${String(value)}`;
    case "undefined":
      return "nothing";
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}
