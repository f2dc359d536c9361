import type { BlockHeader } from "./block-header.js";
import type { ChainSpec } from "./chain-spec.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as const;
/** Root of the empty trie: keccak256(RLP("")). */
export const EMPTY_TRIE_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421" as const;
const EMPTY_BLOOM = `0x${"00".repeat(256)}` as const;

/** The genesis header of a spec whose genesis state has this root. */
export function genesisHeader(spec: ChainSpec, stateRoot: `0x${string}`): BlockHeader {
  return {
    parents: [],
    number: 0n,
    timestamp: spec.genesisTimestamp,
    proposer: ZERO_ADDRESS,
    gasLimit: spec.blockGasLimit,
    gasUsed: 0n,
    baseFeePerGas: spec.initialBaseFee,
    transactionsRoot: EMPTY_TRIE_ROOT,
    acceptedTransactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    stateRoot,
    logsBloom: EMPTY_BLOOM,
    extraData: "0x",
  };
}
