import { bytesToHex, createAddressFromString, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import { Interface } from "ethers";
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

/** Names of models by hash (null where unknown), as some registry (the ModelRegistry predeploy) knows them. */
export type ModelNameLookup = (modelHashes: readonly `0x${string}`[]) => Promise<(string | null)[]>;

/** The models registered with MODEL in the head state, named where `nameOf` knows them. */
export async function listNodeModels(node: CitrateNode, runtime: AiRuntime, nameOf: ModelNameLookup): Promise<CitrateModel[]> {
  const listed = await runtime.model.listModels(await headModelStorage(node));
  const names = await nameOf(listed.map((model) => model.modelHash));
  return listed.map((model, index) => ({
    modelHash: model.modelHash,
    cid: model.cid,
    name: names[index],
    owner: model.owner,
    inputs: model.inputs ?? null,
    outputs: model.outputs ?? null,
  }));
}

const REGISTRY = new Interface([
  "function modelIdByHash(bytes32 modelHash) view returns (uint256)",
  "function getModel(uint256 modelId) view returns (((string name, string framework, string version, string cid, bytes32 modelHash, uint64 size, uint256 price, uint8 policy) spec, address owner, address pendingOwner, bool active, uint64 registeredAt, uint256[] parents))",
]);

/** Names from the ModelRegistry at `registry`, read in the head state (one VM per lookup) with eth_call semantics. */
export function registryNames(node: CitrateNode, registry: `0x${string}`): ModelNameLookup {
  return async (modelHashes) => {
    const head = node.head;
    const vm = await node.executor.vmAt(head.header.stateRoot, node.processor.environmentOf(head));
    const call = async (data: string): Promise<string> => {
      const result = await vm.evm.runCall({ to: createAddressFromString(registry), data: hexToBytes(data as `0x${string}`), gasLimit: 10_000_000n });
      if (result.execResult.exceptionError !== undefined) throw new Error(`ModelRegistry call failed: ${result.execResult.exceptionError.error}`);
      return bytesToHex(result.execResult.returnValue);
    };
    const names: (string | null)[] = [];
    for (const modelHash of modelHashes) {
      const [id] = REGISTRY.decodeFunctionResult("modelIdByHash", await call(REGISTRY.encodeFunctionData("modelIdByHash", [modelHash])));
      if ((id as bigint) === 0n) {
        names.push(null);
        continue;
      }
      const [model] = REGISTRY.decodeFunctionResult("getModel", await call(REGISTRY.encodeFunctionData("getModel", [id])));
      names.push((model as { spec: { name: string } }).spec.name);
    }
    return names;
  };
}
