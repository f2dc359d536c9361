import { formatQuantity, parseQuantity } from "../../codec/quantity.js";
import { defineMethod, required } from "../../method-registry.js";

/** The dev chain's snapshots (node/dev/dev-snapshots.ts). */
export interface DevSnapshotControl {
  take(): Promise<bigint>;
  revert(id: bigint): Promise<boolean>;
}

export interface DevSnapshotContext {
  readonly snapshots: DevSnapshotControl;
}

/**
 * `evm_snapshot` → the id of a snapshot of the chain (QUANTITY: `0x1`, `0x2`, … as Hardhat): its
 * blocks and the dev clock (offset, next block's timestamp) as they are now.
 */
export const evmSnapshot = defineMethod({
  name: "evm_snapshot",
  params: [],
  handler: async (_params, context: DevSnapshotContext) => formatQuantity(await context.snapshots.take()),
});

/**
 * `evm_revert(id)` → `true` once the chain is back at snapshot `id` (every block mined since is
 * dropped, the clock restored; the snapshot and every later one are used up), or `false` for an id
 * that is unknown or used up (Hardhat's answers).
 */
export const evmRevert = defineMethod({
  name: "evm_revert",
  params: [required("snapshot id", (value, param) => parseQuantity(value, param, 64))],
  handler: ([id], context: DevSnapshotContext) => context.snapshots.revert(id),
});
