import { parseBoolean } from "./boolean.js";
import { parseHash32 } from "./data.js";
import { describeValue, invalidParam } from "./param-error.js";
import { parseQuantity } from "./quantity.js";

/** The named blocks of the Ethereum API; the node decides which chain block each names. */
export const BLOCK_TAGS = ["latest", "pending", "earliest", "safe", "finalized"] as const;

export type BlockTag = (typeof BLOCK_TAGS)[number];

/** A block by tag or by number (a bigint). */
export type BlockNumberOrTag = BlockTag | bigint;

/** EIP-1898: a block by hash; with `requireCanonical`, only if it is on the selected chain. */
export interface BlockHashSelector {
  readonly blockHash: Uint8Array;
  readonly requireCanonical: boolean;
}

/** The "block parameter" of state methods (EIP-1898): a tag, a number, or a hash. */
export type BlockSelector = BlockNumberOrTag | BlockHashSelector;

/** Block numbers are 64-bit, as in geth. */
const BLOCK_NUMBER_BITS = 64;

function isBlockTag(value: string): value is BlockTag {
  return (BLOCK_TAGS as readonly string[]).includes(value);
}

/** Parses a tag (`"latest"`, …) or a QUANTITY block number. */
export function parseBlockNumberOrTag(value: unknown, param: string): BlockNumberOrTag {
  if (typeof value === "string" && isBlockTag(value)) return value;
  if (typeof value === "string" && !value.startsWith("0x") && !value.startsWith("0X")) {
    const tags = BLOCK_TAGS.join(", ");
    throw invalidParam(param, `expected a block number (hex QUANTITY) or one of ${tags}, got ${describeValue(value)}`);
  }
  if (typeof value !== "string") {
    throw invalidParam(param, `expected a block number (hex QUANTITY) or a block tag, got ${describeValue(value)}`);
  }
  return parseQuantity(value, param, BLOCK_NUMBER_BITS);
}

/** `0x` and 64 hex digits: never a block number (that would exceed 64 bits), so a block hash. */
const BARE_HASH_LENGTH = 66;

/**
 * Parses an EIP-1898 block parameter (execution-apis' BlockNumberOrTagOrHash): a tag or number as
 * above, a bare block hash (as geth takes it, `requireCanonical` false), or an object
 * `{ "blockHash": DATA32, "requireCanonical"?: boolean }` or `{ "blockNumber": QUANTITY|TAG }`.
 * Unknown members are refused so that a misspelt `requireCanonical` is not silently ignored.
 */
export function parseBlockSelector(value: unknown, param: string): BlockSelector {
  if (typeof value === "string" && value.length === BARE_HASH_LENGTH && /^0x/i.test(value)) {
    return { blockHash: parseHash32(value, param), requireCanonical: false };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return parseBlockNumberOrTag(value, param);
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== "blockHash" && key !== "blockNumber" && key !== "requireCanonical") {
      throw invalidParam(param, `unknown member "${key}" (expected blockHash, requireCanonical or blockNumber)`);
    }
  }
  const hasHash = fields.blockHash !== undefined;
  const hasNumber = fields.blockNumber !== undefined;
  if (hasHash && hasNumber) throw invalidParam(param, "cannot specify both blockHash and blockNumber, choose one");
  if (hasHash) {
    const blockHash = parseHash32(fields.blockHash, `${param}.blockHash`);
    const requireCanonical =
      fields.requireCanonical === undefined
        ? false
        : parseBoolean(fields.requireCanonical, `${param}.requireCanonical`);
    return { blockHash, requireCanonical };
  }
  if (hasNumber) {
    if (fields.requireCanonical !== undefined) {
      throw invalidParam(param, "requireCanonical applies only to a blockHash");
    }
    return parseBlockNumberOrTag(fields.blockNumber, `${param}.blockNumber`);
  }
  throw invalidParam(param, "an object block parameter needs blockHash or blockNumber");
}
