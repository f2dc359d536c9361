import { describeValue, invalidParam } from "./param-error.js";

/** A 0x-prefixed hex string as sent over JSON-RPC. */
export type Hex = `0x${string}`;

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

/**
 * The hex digits after the `0x` prefix of a string parameter (possibly none), or a -32602 error
 * naming the parameter. Both digit cases and a `0X` prefix are accepted, as geth accepts them.
 */
export function hexDigits(value: unknown, param: string): string {
  if (typeof value !== "string") {
    throw invalidParam(param, `expected a 0x-prefixed hex string, got ${describeValue(value)}`);
  }
  if (!value.startsWith("0x") && !value.startsWith("0X")) {
    throw invalidParam(param, `hex string without 0x prefix: ${describeValue(value)}`);
  }
  const digits = value.slice(2);
  if (!HEX_DIGITS.test(digits)) {
    throw invalidParam(param, `not a hex string (non-hex character in ${describeValue(value)})`);
  }
  return digits;
}
