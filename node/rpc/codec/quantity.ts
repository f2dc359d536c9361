import { hexDigits, type Hex } from "./hex.js";
import { invalidParam } from "./param-error.js";

/** A QUANTITY: an unsigned integer as `0x` + hex digits without leading zeros (`0x0` for zero). */
export type Quantity = Hex;

/**
 * Parses a QUANTITY parameter. Refused, each with a -32602 error naming `param`: non-strings, a
 * missing `0x`, `0x` alone, leading zeros (`0x01`) and values wider than `maxBits` (256 by default;
 * 64 for block numbers and nonces, as geth refuses them).
 */
export function parseQuantity(value: unknown, param: string, maxBits = 256): bigint {
  const digits = hexDigits(value, param);
  if (digits.length === 0) throw invalidParam(param, 'empty hex number "0x" (zero is "0x0")');
  if (digits.length > 1 && digits[0] === "0") {
    throw invalidParam(param, `hex number with leading zero digits: "${value as string}"`);
  }
  // Checked on the digit count first so a megabyte of digits is never converted to a bigint.
  if (digits.length > Math.ceil(maxBits / 4) || BigInt(`0x${digits}`) >> BigInt(maxBits) !== 0n) {
    throw invalidParam(param, `hex number > ${maxBits} bits`);
  }
  return BigInt(`0x${digits}`);
}

/**
 * Formats an unsigned integer as a QUANTITY. A negative or non-integer value is a bug in the
 * caller (results are built by the node, not the client), so it throws a RangeError, which the
 * server answers as an internal error.
 */
export function formatQuantity(value: bigint | number): Quantity {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`cannot format ${value} as a QUANTITY: not a safe integer`);
  }
  if (value < 0) throw new RangeError(`cannot format ${value} as a QUANTITY: negative`);
  return `0x${value.toString(16)}`;
}
