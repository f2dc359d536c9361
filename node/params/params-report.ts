/**
 * `citrate_getParams`' content: the parameters in force for the next block and the changes
 * scheduled after it, as plain data (the RPC layer formats it).
 */
import type { BlockParams } from "./epoch-params.js";
import { nextEpochStart } from "./epoch-schedule.js";
import { NODE_PARAMS, PARAM_NAMES } from "./node-params.js";
import type { ParamInfo } from "./protocol-params-reader.js";

/** One parameter as reported. */
export interface ParamReport {
  /** Its dotted name (`citrate.node.minGasPrice`); the key itself for a key the node has no name for. */
  readonly name: string;
  readonly key: `0x${string}`;
  /** In force for the next block (a node parameter: the value the node applies). */
  readonly value: bigint;
  /** A scheduled change and the epoch from whose first block it is in force. */
  readonly pending?: { readonly value: bigint; readonly activationEpoch: bigint };
  readonly min: bigint;
  readonly max: bigint;
}

export interface ParamsReport {
  /** The epoch of the next block. */
  readonly epoch: bigint;
  readonly epochLength: bigint;
  /** The first block of the following epoch: where a change scheduled now takes effect. */
  readonly nextBoundaryBlock: bigint;
  /** From ProtocolParams (every registered key), or the chain spec's fixed node parameters. */
  readonly governed: boolean;
  readonly params: readonly ParamReport[];
}

/**
 * The report for block `nextNumber` under `next` (its parameters) and `infos`, what ProtocolParams'
 * `allParams()` says in a call in that block (undefined on a chain without ProtocolParams).
 */
export function paramsReport(nextNumber: bigint, epochLength: bigint, next: BlockParams, infos: readonly ParamInfo[] | undefined): ParamsReport {
  const head = { epoch: next.epoch, epochLength, nextBoundaryBlock: nextEpochStart(nextNumber, epochLength) };
  if (infos === undefined) {
    const params = NODE_PARAMS.map(({ field, name, key, min, max }) => ({ name, key, value: next.values[field], min, max }));
    return { ...head, governed: false, params };
  }
  const applied = new Map(NODE_PARAMS.map((definition) => [definition.key, next.values[definition.field]]));
  const params = infos.map((info) => ({
    name: PARAM_NAMES.get(info.key) ?? info.key,
    key: info.key,
    value: applied.get(info.key) ?? info.value,
    ...(info.pending !== undefined && info.pending.activationEpoch > next.epoch ? { pending: info.pending } : {}),
    min: info.min,
    max: info.max,
  }));
  return { ...head, governed: true, params };
}
