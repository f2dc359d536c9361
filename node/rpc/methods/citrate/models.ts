import { InvalidCidError } from "../../../../precompiles/artifact/artifact-abi.js";
import type { ArtifactJobStatus } from "../../../../precompiles/artifacts/artifact-manager.js";
import type { TensorSpec } from "../../../../precompiles/inference/onnx-model.js";
import { describeValue, invalidParam } from "../../codec/param-error.js";
import { defineMethod, required, type RpcMethod } from "../../method-registry.js";

/** A registered model as `citrate_listModels` shows it. */
export interface CitrateModel {
  readonly modelHash: `0x${string}`;
  readonly cid: string;
  /** The name the node knows it by (the dev chain's demo models), or null. */
  readonly name: string | null;
  readonly owner: `0x${string}`;
  /** Declared inputs and outputs; null when the model file is not in this node's store. */
  readonly inputs: readonly TensorSpec[] | null;
  readonly outputs: readonly TensorSpec[] | null;
}

export interface CitrateModelsContext {
  /** The models registered with MODEL in the head state. */
  listModels(): Promise<readonly CitrateModel[]>;
  /** The node's pin job for `cid`; throws InvalidCidError for a CID that does not parse. */
  artifactStatus(cid: string): ArtifactJobStatus | undefined;
}

function parseCid(value: unknown, param: string): string {
  if (typeof value !== "string" || value.length === 0) throw invalidParam(param, `expected a CID string, got ${describeValue(value)}`);
  return value;
}

/** `citrate_listModels()` → `[{modelHash, cid, name, owner, inputs, outputs}]`; `inputs`/`outputs` are `[{name, dtype, shape}]` (-1: dynamic). */
export const citrateListModels = defineMethod({
  name: "citrate_listModels",
  params: [],
  handler: async (_params, context: CitrateModelsContext) => context.listModels(),
});

/**
 * `citrate_getArtifactStatus(cid)` → the node's own view of the pin job, `{cid, state, replicas,
 * target, attempts, lastError, nextAttemptAt}`, or null when no pin of `cid` was requested on chain.
 */
export const citrateGetArtifactStatus = defineMethod({
  name: "citrate_getArtifactStatus",
  params: [required("cid", parseCid)],
  handler: ([cid], context: CitrateModelsContext) => {
    try {
      return context.artifactStatus(cid) ?? null;
    } catch (error) {
      if (error instanceof InvalidCidError) throw invalidParam("cid", error.message);
      throw error;
    }
  },
});

export const citrateModelMethods: readonly RpcMethod<CitrateModelsContext>[] = [citrateListModels, citrateGetArtifactStatus];
