import type { DevSigner, Keyring } from "../../../dev/dev-keyring.js";
import { readTypedData, TypedDataError, typedDataDigest } from "../../../dev/typed-data.js";
import { formatAddress, parseAddress } from "../../codec/address.js";
import { parseData } from "../../codec/data.js";
import { invalidParam } from "../../codec/param-error.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, required } from "../../method-registry.js";

/** The unlocked accounts of a dev node. */
export interface DevKeysContext {
  readonly keyring: Keyring;
}

/** The signer for an address the client named; geth's and Hardhat's -32000 "unknown account" otherwise. */
export function signerFor(keyring: Keyring, address: Uint8Array): DevSigner {
  const signer = keyring.signer(formatAddress(address));
  if (signer === undefined) throw RpcError.serverError("unknown account");
  return signer;
}

/** An EIP-712 payload (object or JSON string), checked down to its values; the parser keeps only the digest. */
export function parseTypedDataDigest(value: unknown, param: string): `0x${string}` {
  try {
    return typedDataDigest(readTypedData(value));
  } catch (error) {
    if (error instanceof TypedDataError) throw invalidParam(param, error.message);
    throw error;
  }
}

const account = required("address", parseAddress);
const message = required("message", parseData);

/** `eth_accounts` → the dev accounts' addresses, lower case, in Hardhat's order. */
export const ethAccounts = defineMethod({
  name: "eth_accounts",
  params: [],
  handler: (_params, context: DevKeysContext) => [...context.keyring.addresses],
});

/**
 * `eth_sign(address, data)` → the EIP-191 personal-message signature over the bytes of `data`
 * (`keccak256("\x19Ethereum Signed Message:\n" + len + data)`), as geth and Hardhat sign.
 */
export const ethSign = defineMethod({
  name: "eth_sign",
  params: [account, message],
  handler: ([address, data], context: DevKeysContext) => signerFor(context.keyring, address).signMessage(data),
});

/** `personal_sign(data, address)` → the same signature as eth_sign, parameters the other way round (ethers' signMessage). */
export const personalSign = defineMethod({
  name: "personal_sign",
  params: [message, account],
  handler: ([data, address], context: DevKeysContext) => signerFor(context.keyring, address).signMessage(data),
});

const signTypedDataV4 = defineMethod({
  // defineMethod's name check allows no underscore after the namespace's; the real name is set below.
  name: "eth_signTypedDataV4",
  params: [account, required("typed data", parseTypedDataDigest)],
  handler: ([address, digest], context: DevKeysContext) => signerFor(context.keyring, address).signDigest(digest),
});

/**
 * `eth_signTypedData_v4(address, typedData)` → the EIP-712 signature over `typedData`
 * (`{ types, primaryType, domain, message }`, an object or a JSON string); malformed typed data
 * is -32602 saying what is wrong.
 */
export const ethSignTypedDataV4: typeof signTypedDataV4 = { ...signTypedDataV4, name: "eth_signTypedData_v4" };
