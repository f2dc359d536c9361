import { createAddressFromString, setLengthLeft } from "@ethereumjs/util";
import { MODEL_PRECOMPILE_ADDRESS } from "../../precompiles/model/model-abi.js";
import type { PrecompileStorage } from "../../precompiles/evm/precompile.js";
import type { CitrateNode } from "../citrate-node.js";
import type { CitrateModel } from "../rpc/methods/citrate/models.js";
import type { AiRuntime } from "./ai-runtime.js";

/** MODEL's storage in the head state, read-only. */
async function headModelStorage(node: CitrateNode): Promise<PrecompileStorage> {
  const state = await node.executor.stateAt(node.head.header.stateRoot);
  const address = createAddressFromString(MODEL_PRECOMPILE_ADDRESS);
  return {
    get: async (slot) => setLengthLeft(await state.getStorage(address, slot), 32),
    put: () => Promise.reject(new Error("the head state is read-only")),
  };
}

/** The models registered in the head state, named where the node knows a name. */
export async function listNodeModels(node: CitrateNode, runtime: AiRuntime, names: ReadonlyMap<string, string>): Promise<CitrateModel[]> {
  const listed = await runtime.model.listModels(await headModelStorage(node));
  return listed.map((model) => ({
    modelHash: model.modelHash,
    cid: model.cid,
    name: names.get(model.modelHash) ?? null,
    owner: model.owner,
    inputs: model.inputs ?? null,
    outputs: model.outputs ?? null,
  }));
}
