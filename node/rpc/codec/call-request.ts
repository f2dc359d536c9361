import { parseAccessList, type AccessListEntry } from "./access-list.js";
import { parseAddress } from "./address.js";
import { parseData } from "./data.js";
import { describeValue, invalidParam } from "./param-error.js";
import { parseQuantity } from "./quantity.js";

/** The transaction-like object of eth_call and eth_estimateGas (execution-apis' GenericTransaction). */
export interface CallRequest {
  readonly from?: Uint8Array;
  /** Absent or null: a contract creation. */
  readonly to?: Uint8Array;
  readonly gas?: bigint;
  readonly gasPrice?: bigint;
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
  readonly value?: bigint;
  readonly data: Uint8Array;
  /** EIP-2930: addresses and storage keys the call starts with warm (and pays for up front). */
  readonly accessList?: readonly AccessListEntry[];
}

/**
 * Parses a call object. `input` and `data` are synonyms (older clients send `data`); sending both
 * with different values is refused, as geth does. Fields the call does not use are ignored.
 */
export function parseCallRequest(value: unknown, param: string): CallRequest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParam(param, `expected a transaction call object, got ${describeValue(value)}`);
  }
  const fields = value as Record<string, unknown>;
  const field = <T>(name: string, parse: (raw: unknown, label: string) => T): T | undefined =>
    fields[name] === undefined || fields[name] === null ? undefined : parse(fields[name], `${param}.${name}`);
  const input = field("input", parseData);
  const data = field("data", parseData);
  if (input !== undefined && data !== undefined && Buffer.compare(input, data) !== 0) {
    throw invalidParam(param, 'both "data" and "input" are set and not equal; please use "input" to pass transaction call data');
  }
  if (fields.gasPrice != null && (fields.maxFeePerGas != null || fields.maxPriorityFeePerGas != null)) {
    throw invalidParam(param, "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
  }
  return {
    from: field("from", parseAddress),
    to: field("to", parseAddress),
    gas: field("gas", (raw, label) => parseQuantity(raw, label, 64)),
    gasPrice: field("gasPrice", parseQuantity),
    maxFeePerGas: field("maxFeePerGas", parseQuantity),
    maxPriorityFeePerGas: field("maxPriorityFeePerGas", parseQuantity),
    value: field("value", parseQuantity),
    data: input ?? data ?? new Uint8Array(),
    accessList: field("accessList", parseAccessList),
  };
}
