import { bytesToBigInt, bytesToHex, createAddressFromString, hexToBigInt, setLengthLeft } from "@ethereumjs/util";
import { formatAddress, parseAddress } from "../../codec/address.js";
import { parseBlockSelector } from "../../codec/block-tag.js";
import { formatHash32 } from "../../codec/data.js";
import { hexDigits, type Hex } from "../../codec/hex.js";
import { describeValue, invalidParam } from "../../codec/param-error.js";
import { formatQuantity } from "../../codec/quantity.js";
import { defineMethod, optional, required } from "../../method-registry.js";
import { resolveBlock, type ChainReaderContext } from "./chain-reader.js";

const address = required("address", (value, param) => createAddressFromString(formatAddress(parseAddress(value, param))));
const block = optional("block", parseBlockSelector);

/** `eth_getBalance(address, block?)` → the account's balance in wei at that block's post-state. */
export const ethGetBalance = defineMethod({
  name: "eth_getBalance",
  params: [address, block],
  handler: async ([account, selector], context: ChainReaderContext) => {
    const state = await context.chain.stateOf(resolveBlock(context.chain, selector));
    return formatQuantity((await state.getAccount(account))?.balance ?? 0n);
  },
});

/** The mempool's view of an account: its next nonce once its pending transactions are mined. */
export interface PendingNonceContext {
  pendingNonce(address: `0x${string}`): Promise<bigint>;
}

/** `eth_getTransactionCount(address, block?)` → the account's nonce at that block's post-state. */
export const ethGetTransactionCount = defineMethod({
  name: "eth_getTransactionCount",
  params: [address, block],
  handler: async ([account, selector], context: ChainReaderContext & PendingNonceContext) => {
    if (selector === "pending") return formatQuantity(await context.pendingNonce(account.toString() as `0x${string}`));
    const state = await context.chain.stateOf(resolveBlock(context.chain, selector));
    return formatQuantity((await state.getAccount(account))?.nonce ?? 0n);
  },
});

/** `eth_getCode(address, block?)` → the account's code at that block's post-state. */
export const ethGetCode = defineMethod({
  name: "eth_getCode",
  params: [address, block],
  handler: async ([account, selector], context: ChainReaderContext) => {
    const state = await context.chain.stateOf(resolveBlock(context.chain, selector));
    return bytesToHex(await state.getCode(account));
  },
});

/** A slot is at most 32 bytes. */
const MAX_SLOT_DIGITS = 64;

/**
 * A storage slot as execution-apis' bytesMax32 takes it: up to 32 bytes of hex, leading zeros and
 * an odd digit count allowed (`0x0`, `0x` + 64 digits, `0x` for slot 0), as geth reads it. Returns
 * the 32-byte key.
 */
export function parseStorageSlot(value: unknown, param: string): Uint8Array {
  const digits = hexDigits(value, param);
  if (digits.length > MAX_SLOT_DIGITS) {
    throw invalidParam(param, `hex string too long: want at most 32 bytes (${MAX_SLOT_DIGITS} hex digits), got ${digits.length} digits`);
  }
  return new Uint8Array(Buffer.from(digits.padStart(MAX_SLOT_DIGITS, "0"), "hex"));
}

/** `eth_getStorageAt(address, slot, block?)` → the 32-byte storage word at that block's post-state. */
export const ethGetStorageAt = defineMethod({
  name: "eth_getStorageAt",
  params: [address, required("storage slot", parseStorageSlot), block],
  handler: async ([account, key, selector], context: ChainReaderContext) => {
    const state = await context.chain.stateOf(resolveBlock(context.chain, selector));
    return bytesToHex(setLengthLeft(await state.getStorage(account, key), 32));
  },
});

/**
 * The most storage keys one eth_getProof may ask for. Each is a walk down the account's storage trie
 * and a proof of up to ~9 nodes of up to 532 bytes, so the cap bounds an answer to a few megabytes.
 */
export const MAX_PROOF_STORAGE_KEYS = 1024;

/** A storage key of eth_getProof: the slot, and the key as the answer echoes it. */
export interface ProofStorageKey {
  readonly slot: Uint8Array;
  /** geth's echo: a key given as 32 bytes comes back as those 32 bytes, any other as a QUANTITY. */
  readonly echo: Hex;
}

/** A 32-byte key is `0x` and 64 digits. */
const WORD_KEY_LENGTH = 2 + MAX_SLOT_DIGITS;

/** eth_getProof's storage keys: an array of at most MAX_PROOF_STORAGE_KEYS bytesMax32 slots. */
export function parseProofStorageKeys(value: unknown, param: string): ProofStorageKey[] {
  if (!Array.isArray(value)) throw invalidParam(param, `expected an array of storage keys, got ${describeValue(value)}`);
  if (value.length > MAX_PROOF_STORAGE_KEYS) {
    throw invalidParam(param, `too many storage keys: ${value.length}, at most ${MAX_PROOF_STORAGE_KEYS} per request`);
  }
  return value.map((key: unknown, i) => {
    const slot = parseStorageSlot(key, `${param}[${i}]`);
    const echo = (key as string).length === WORD_KEY_LENGTH ? formatHash32(slot) : formatQuantity(bytesToBigInt(slot));
    return { slot, echo };
  });
}

/**
 * `eth_getProof(address, storageKeys, block?)` → execution-apis' AccountProof (EIP-1186): the
 * account's fields and the trie nodes from the block's `stateRoot` down to it, and for each key its
 * value and the nodes from the account's `storageHash` down to it. An account or slot that does not
 * exist is proven absent (the nodes of the path that ends without it); its fields are zero and empty.
 */
export const ethGetProof = defineMethod({
  name: "eth_getProof",
  params: [address, required("storage keys", parseProofStorageKeys), block],
  handler: async ([account, keys, selector], context: ChainReaderContext) => {
    const proof = await context.chain.accountProof(resolveBlock(context.chain, selector), account, keys.map((key) => key.slot));
    return {
      address: proof.address,
      accountProof: proof.accountProof,
      balance: proof.balance,
      codeHash: proof.codeHash,
      nonce: proof.nonce,
      storageHash: proof.storageHash,
      // An absent account has an empty storage trie: ethereumjs lists no slot for it, and each slot's
      // proof is empty and its value zero (geth's answer).
      storageProof: keys.map((key, i) => {
        const slot = proof.storageProof[i];
        return { key: key.echo, value: formatQuantity(slot === undefined ? 0n : hexToBigInt(slot.value)), proof: slot?.proof ?? [] };
      }),
    };
  },
});
