import { Account, bytesToHex, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import type { ChainSpec } from "../chain/chain-spec.js";
import { installPredeploys } from "../chain/predeploys/install-predeploys.js";
import type { BlockExecutor } from "./block-executor.js";

import { EMPTY_TRIE_ROOT } from "../chain/genesis.js";

/** Writes the spec's genesis accounts into the state trie and returns the genesis state root. */
export async function buildGenesisState(spec: ChainSpec, executor: BlockExecutor): Promise<`0x${string}`> {
  const state = await executor.stateAt(EMPTY_TRIE_ROOT);
  await state.checkpoint();
  for (const [address, account] of spec.alloc) {
    const key = createAddressFromString(address);
    await state.putAccount(key, new Account(account.nonce ?? 0n, account.balance));
    if (account.code !== undefined) await state.putCode(key, hexToBytes(account.code));
    for (const [slot, value] of Object.entries(account.storage ?? {})) {
      await state.putStorage(key, hexToBytes(slot as `0x${string}`), hexToBytes(value));
    }
  }
  if (spec.predeploys !== undefined) await installPredeploys(state, executor.common, spec.predeploys);
  await state.commit();
  return bytesToHex(await state.getStateRoot()) as `0x${string}`;
}
