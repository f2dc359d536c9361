import { parseCallRequest, type CallRequest } from "../../codec/call-request.js";
import { invalidParam } from "../../codec/param-error.js";
import { parseQuantity } from "../../codec/quantity.js";

/** The transaction types eth_sendTransaction builds: legacy, EIP-2930 and EIP-1559. */
export type SendableType = 0 | 1 | 2;

/** eth_sendTransaction's argument (execution-apis' GenericTransaction): a call request plus what a transaction fixes. */
export interface TransactionArgs extends CallRequest {
  readonly from: Uint8Array;
  readonly nonce?: bigint;
  readonly type?: SendableType;
  readonly chainId?: bigint;
}

/** Fields of other transaction types: refused rather than dropped, since dropping them would send something else. */
const UNSUPPORTED_FIELDS = ["authorizationList", "blobs", "blobVersionedHashes", "maxFeePerBlobGas", "commitments", "proofs"];

function parseType(value: unknown, param: string): SendableType {
  const type = parseQuantity(value, param, 8);
  if (type > 2n) throw invalidParam(param, `transaction type 0x${type.toString(16)} cannot be sent with eth_sendTransaction (0x0, 0x1 and 0x2 can)`);
  return Number(type) as SendableType;
}

/**
 * Parses eth_sendTransaction's transaction object: the call fields (`input`/`data`, fees, value,
 * gas, `accessList`) as eth_call reads them, plus a required `from`, and `nonce`, `type` and
 * `chainId`. Contradictions are refused: fee fields of another type than `type`, an access list
 * on a legacy transaction, fields of blob or set-code transactions.
 */
export function parseTransactionArgs(value: unknown, param: string): TransactionArgs {
  const request = parseCallRequest(value, param);
  const fields = value as Record<string, unknown>;
  const field = <T>(name: string, parse: (raw: unknown, label: string) => T): T | undefined =>
    fields[name] === undefined || fields[name] === null ? undefined : parse(fields[name], `${param}.${name}`);
  for (const name of UNSUPPORTED_FIELDS) {
    if (fields[name] != null) throw invalidParam(param, `"${name}" is not supported: eth_sendTransaction sends legacy, EIP-2930 and EIP-1559 transactions`);
  }
  if (request.from === undefined) throw invalidParam(param, 'missing "from": the account to send from');
  const nonce = field("nonce", (raw, label) => parseQuantity(raw, label, 64));
  const type = field("type", parseType);
  const chainId = field("chainId", parseQuantity);
  const dynamicFees = request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined;
  if ((type === 0 || type === 1) && dynamicFees) {
    throw invalidParam(param, `maxFeePerGas and maxPriorityFeePerGas are for type 0x2 transactions, not type 0x${type}`);
  }
  if (type === 2 && request.gasPrice !== undefined) throw invalidParam(param, "gasPrice is for type 0x0 and 0x1 transactions, not type 0x2");
  if (type === 0 && request.accessList !== undefined) throw invalidParam(param, "a type 0x0 (legacy) transaction has no access list");
  const { maxFeePerGas, maxPriorityFeePerGas } = request;
  if (maxFeePerGas !== undefined && maxPriorityFeePerGas !== undefined && maxFeePerGas < maxPriorityFeePerGas) {
    throw invalidParam(param, `maxFeePerGas (${maxFeePerGas}) < maxPriorityFeePerGas (${maxPriorityFeePerGas})`);
  }
  return { ...request, from: request.from, nonce, type, chainId };
}
