import { formatAddress, parseAddress } from "./address.js";
import { formatHash32, parseHash32 } from "./data.js";
import type { Hex } from "./hex.js";
import { describeValue, invalidParam } from "./param-error.js";

/** One entry of an EIP-2930 access list: an address and the storage keys of it to warm. */
export interface AccessListEntry {
  readonly address: Uint8Array;
  readonly storageKeys: readonly Uint8Array[];
}

/** An access list entry as JSON-RPC carries it (execution-apis' AccessListEntry). */
export interface AccessListEntryJson {
  readonly address: Hex;
  readonly storageKeys: Hex[];
}

/** Parses an access list: `[{ address, storageKeys: [hash32…] }…]`; -32602 naming the entry that is wrong. */
export function parseAccessList(value: unknown, param: string): AccessListEntry[] {
  if (!Array.isArray(value)) throw invalidParam(param, `expected an access list (array), got ${describeValue(value)}`);
  return value.map((entry: unknown, i) => {
    const label = `${param}[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw invalidParam(label, `expected { address, storageKeys }, got ${describeValue(entry)}`);
    }
    const { address, storageKeys } = entry as { address?: unknown; storageKeys?: unknown };
    if (!Array.isArray(storageKeys)) throw invalidParam(`${label}.storageKeys`, `expected an array of 32-byte keys, got ${describeValue(storageKeys)}`);
    return {
      address: parseAddress(address, `${label}.address`),
      storageKeys: storageKeys.map((key: unknown, k) => parseHash32(key, `${label}.storageKeys[${k}]`)),
    };
  });
}

/** Formats an access list: lower-case addresses, 32-byte keys. */
export function formatAccessList(entries: readonly AccessListEntry[]): AccessListEntryJson[] {
  return entries.map((entry) => ({ address: formatAddress(entry.address), storageKeys: entry.storageKeys.map((key) => formatHash32(key)) }));
}
