import { genesisHeader } from "../chain/genesis.js";
import { headerHash } from "../chain/block-header.js";
import type { ChainSpec } from "../chain/chain-spec.js";
import type { BlockExecutor } from "./block-executor.js";
import type { StoredBlock } from "./block-store.js";
import { buildGenesisState } from "./genesis-state.js";

/** The genesis block of a spec: its state written into the executor's trie, its header and hash. */
export async function genesisBlock(spec: ChainSpec, executor: BlockExecutor): Promise<StoredBlock> {
  const header = genesisHeader(spec, await buildGenesisState(spec, executor));
  const empty = header.receiptsRoot;
  return {
    hash: headerHash(header),
    header,
    transactions: [],
    outcome: {
      stateRoot: header.stateRoot,
      receiptsRoot: empty,
      acceptedTransactionsRoot: empty,
      logsBloom: header.logsBloom,
      gasUsed: 0n,
      executed: [],
      skipped: [],
    },
  };
}
