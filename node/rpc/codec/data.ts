import { hexDigits, type Hex } from "./hex.js";
import { invalidParam } from "./param-error.js";

/**
 * Parses a DATA parameter: `0x` + an even number of hex digits (`0x` is zero bytes). Throws a
 * -32602 error naming `param` otherwise.
 */
export function parseData(value: unknown, param: string): Uint8Array {
  const digits = hexDigits(value, param);
  if (digits.length % 2 !== 0) throw invalidParam(param, `hex string of odd length (${digits.length} digits)`);
  // new Uint8Array(buffer) copies: the result never aliases Node's shared Buffer pool.
  return new Uint8Array(Buffer.from(digits, "hex"));
}

/** Parses DATA of exactly `byteLength` bytes. */
export function parseFixedData(value: unknown, param: string, byteLength: number): Uint8Array {
  const digits = hexDigits(value, param);
  if (digits.length !== byteLength * 2) {
    const expected = `${byteLength} bytes (${byteLength * 2} hex digits)`;
    throw invalidParam(param, `expected ${expected}, got ${digits.length} hex digits`);
  }
  return new Uint8Array(Buffer.from(digits, "hex"));
}

/** A 32-byte hash (block, transaction, storage slot). */
export function parseHash32(value: unknown, param: string): Uint8Array {
  return parseFixedData(value, param, 32);
}

/** 8 bytes (a block's proof-of-work nonce field). */
export function parseBytes8(value: unknown, param: string): Uint8Array {
  return parseFixedData(value, param, 8);
}

/** 256 bytes (a logs bloom). */
export function parseBytes256(value: unknown, param: string): Uint8Array {
  return parseFixedData(value, param, 256);
}

/** Formats bytes as DATA: lower-case hex, two digits per byte. */
export function formatData(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

/**
 * Formats bytes that must have `byteLength` bytes. A wrong length is a bug in the node, not in the
 * request, so it throws a RangeError (answered as an internal error) rather than send a malformed value.
 */
export function formatFixedData(bytes: Uint8Array, byteLength: number): Hex {
  if (bytes.byteLength !== byteLength) {
    throw new RangeError(`expected ${byteLength} bytes to format, got ${bytes.byteLength}`);
  }
  return formatData(bytes);
}

export function formatHash32(bytes: Uint8Array): Hex {
  return formatFixedData(bytes, 32);
}

export function formatBytes8(bytes: Uint8Array): Hex {
  return formatFixedData(bytes, 8);
}

export function formatBytes256(bytes: Uint8Array): Hex {
  return formatFixedData(bytes, 256);
}
