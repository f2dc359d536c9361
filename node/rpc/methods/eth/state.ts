import { bytesToHex, createAddressFromString, setLengthLeft } from "@ethereumjs/util";
import { formatAddress, parseAddress } from "../../codec/address.js";
import { parseBlockSelector } from "../../codec/block-tag.js";
import { hexDigits } from "../../codec/hex.js";
import { invalidParam } from "../../codec/param-error.js";
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
