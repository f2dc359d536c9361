import { isValidChecksumAddress, toChecksumAddress } from "@ethereumjs/util";
import { formatFixedData } from "./data.js";
import { hexDigits, type Hex } from "./hex.js";
import { invalidParam } from "./param-error.js";

const ADDRESS_DIGITS = 40;

/**
 * Parses a 20-byte address. All-lower-case and all-upper-case digits carry no checksum and are taken
 * as they are; mixed case is an EIP-55 checksum and must be right, because a wrong one means the
 * address was mistyped — the money would go elsewhere. (geth ignores the case; Citrate is stricter.)
 */
export function parseAddress(value: unknown, param: string): Uint8Array {
  const digits = hexDigits(value, param);
  if (digits.length !== ADDRESS_DIGITS) {
    throw invalidParam(param, `an address is 20 bytes (40 hex digits), got ${digits.length} hex digits`);
  }
  const mixedCase = /[a-f]/.test(digits) && /[A-F]/.test(digits);
  if (mixedCase && !isValidChecksumAddress(`0x${digits}`)) {
    const checksummed = toChecksumAddress(`0x${digits.toLowerCase()}`);
    throw invalidParam(param, `mixed-case address 0x${digits} fails its EIP-55 checksum (the checksummed form is ${checksummed})`);
  }
  return new Uint8Array(Buffer.from(digits, "hex"));
}

/** Formats a 20-byte address in lower case (what geth returns; clients checksum it themselves). */
export function formatAddress(bytes: Uint8Array): Hex {
  return formatFixedData(bytes, 20);
}
