import { expect } from "chai";
import { createAddressFromString, setLengthLeft } from "@ethereumjs/util";
import { AbiCoder, getBytes, hexlify } from "ethers";
import * as ortNode from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import type { PrecompileCall, PrecompileStorage } from "../../../precompiles/evm/precompile.js";
import { checkAgainstConsensus } from "../../../precompiles/inference/compare.js";
import { demoModels, type DemoModel } from "../../../precompiles/inference/demo-models/index.js";
import { ElemType, modelBytes, node as onnxNode, onnx, valueInfo } from "../../../precompiles/inference/demo-models/onnx-builder.js";
import { MLP_FEATURES } from "../../../precompiles/inference/demo-models/mlp-classifier.js";
import { textTokenIds } from "../../../precompiles/inference/demo-models/text-embedding.js";
import type { InferenceEngine, LoadedModel } from "../../../precompiles/inference/engine.js";
import { decodeTensor, encodeTensor, encodeTensorArray, type Tensor } from "../../../precompiles/inference/tensor-codec.js";
import { INFERENCE_BASE_GAS, INFERENCE_GAS_PER_INPUT_BYTE, MODEL_INFO_GAS, REGISTER_BASE_GAS, REGISTER_GAS_PER_MODEL_BYTE } from "../../../precompiles/model/gas.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../../../precompiles/model/model-abi.js";
import { ModelPrecompile } from "../../../precompiles/model/model-precompile.js";
import { accounts, consensusEngine, modelAbi, modelChain, sha256Hex, statusOf } from "./model-fixture.js";

const abi = AbiCoder.defaultAbiCoder();

function mlpInput(rows: number): Tensor {
  const x = new Float32Array(rows * MLP_FEATURES).map((_, i) => Math.sin(i * 0.37) * 2);
  return { dtype: "float32", shape: [rows, MLP_FEATURES], data: new Uint8Array(x.buffer) };
}

function floats(tensor: Tensor): Float32Array {
  return new Float32Array(tensor.data.slice().buffer);
}

function argmaxRows(values: Float32Array, width: number): number[] {
  return Array.from({ length: values.length / width }, (_, r) => {
    const row = Array.from(values.subarray(r * width, (r + 1) * width));
    return row.indexOf(Math.max(...row));
  });
}

/** Error(string)'s reason from revert data. */
function revertReason(returnValue: Uint8Array): string {
  const hex = hexlify(returnValue);
  expect(hex.slice(0, 10)).to.equal("0x08c379a0");
  return abi.decode(["string"], `0x${hex.slice(10)}`)[0] as string;
}

async function directWasm(bytes: Uint8Array, feeds: Record<string, ortWeb.Tensor>): Promise<Record<string, ortWeb.Tensor>> {
  consensusEngine(); // configures onnxruntime-web (1 thread, bundled wasm) before any session
  const session = await ortWeb.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  try {
    return (await session.run(feeds)) as Record<string, ortWeb.Tensor>;
  } finally {
    await session.release();
  }
}

async function directNative(bytes: Uint8Array, feeds: Record<string, ortNode.Tensor>): Promise<Record<string, ortNode.Tensor>> {
  const session = await ortNode.InferenceSession.create(bytes, { executionProviders: ["cpu"], intraOpNumThreads: 1, graphOptimizationLevel: "all" });
  try {
    return (await session.run(feeds)) as Record<string, ortNode.Tensor>;
  } finally {
    await session.release();
  }
}

describe("ModelPrecompile (MODEL at 0x…1000)", function () {
  this.timeout(120_000);
  let models: DemoModel[];
  let mlp: DemoModel;
  before(async function () {
    models = await demoModels();
    mlp = models[0];
  });

  async function withMlp(options: Parameters<typeof modelChain>[0] = {}) {
    const chain = await modelChain(options);
    const cid = await chain.artifacts.add(mlp.bytes);
    const hash = sha256Hex(mlp.bytes);
    const built = await chain.block([chain.tx(modelAbi.encodeFunctionData("registerModel", [hash, cid]))]);
    expect(statusOf(built.outcome.executed[0])).to.equal(1);
    return { ...chain, cid, hash, registration: built };
  }

  it("registers the demo MLP in a block and returns, through eth_call, the consensus engine's exact output bytes", async function () {
    const { hash, call, registration, tx, block } = await withMlp();
    expect(registration.outcome.executed[0].gasUsed).to.be.greaterThan(REGISTER_BASE_GAS + REGISTER_GAS_PER_MODEL_BYTE * BigInt(mlp.bytes.length));
    const input = mlpInput(8);
    const data = modelAbi.encodeFunctionData("executeInference", [hash, encodeTensor(input)]);
    const result = await call(data);
    expect(result.exceptionError).to.equal(undefined);
    const [outputBytes] = modelAbi.decodeFunctionResult("executeInference", result.returnValue);
    const output = decodeTensor(getBytes(outputBytes as string));
    expect(output.dtype).to.equal("float32");
    expect(output.shape).to.deep.equal([8, 4]);
    // MACs of [8,16]: 8 × 1416; gas = base + 8/byte of input + 1/MAC
    expect(result.executionGasUsed).to.equal(INFERENCE_BASE_GAS + INFERENCE_GAS_PER_INPUT_BYTE * BigInt(encodeTensor(input).length) + 8n * 1416n);

    // Bit-identical to onnxruntime-web's own WASM run of the same file.
    const wasm = await directWasm(mlp.bytes, { X: new ortWeb.Tensor("float32", floats(input), input.shape) });
    expect(hexlify(output.data)).to.equal(hexlify(new Uint8Array((wasm.Y.data as Float32Array).buffer)));

    // onnxruntime-node on this CPU: same dtype/shape/argmax, values within 1 bps; its bits depend on
    // the CPU's instruction set (AVX-512/AVX2 kernels round differently), so byte equality is not asked.
    const native = await directNative(mlp.bytes, { X: new ortNode.Tensor("float32", floats(input), input.shape) });
    const nativeTensor: Tensor = { dtype: "float32", shape: [...native.Y.dims], data: new Uint8Array((native.Y.data as Float32Array).buffer) };
    const check = checkAgainstConsensus([nativeTensor], [output], 1);
    expect(check.ok, check.reason).to.equal(true);
    expect(argmaxRows(floats(output), 4)).to.deep.equal(argmaxRows(native.Y.data as Float32Array, 4));

    // The same call as a transaction in a block.
    const executed = await block([tx(data)]);
    expect(statusOf(executed.outcome.executed[0])).to.equal(1);
  });

  it("verifies claimed outputs within a tolerance in basis points", async function () {
    const { hash, call } = await withMlp();
    const input = encodeTensor(mlpInput(4));
    const result = await call(modelAbi.encodeFunctionData("executeInference", [hash, input]));
    const exact = decodeTensor(getBytes(modelAbi.decodeFunctionResult("executeInference", result.returnValue)[0] as string));
    const verify = async (claimed: Uint8Array, bps: number) => {
      const r = await call(modelAbi.encodeFunctionData("verifyInference", [hash, input, claimed, bps]));
      expect(r.exceptionError).to.equal(undefined);
      return modelAbi.decodeFunctionResult("verifyInference", r.returnValue)[0] as boolean;
    };
    expect(await verify(encodeTensor(exact), 0)).to.equal(true);
    const nudged = floats(exact);
    nudged[5] = Math.fround(nudged[5] * 1.0005); // +5 bps
    const claim = encodeTensor({ ...exact, data: new Uint8Array(nudged.buffer) });
    expect(await verify(claim, 0)).to.equal(false);
    expect(await verify(claim, 4)).to.equal(false);
    expect(await verify(claim, 6)).to.equal(true);
    expect(await verify(encodeTensor({ ...exact, shape: [2, 8] }), 10_000)).to.equal(false);
    expect(await verify(encodeTensor({ dtype: "int32", shape: exact.shape, data: exact.data }), 10_000)).to.equal(false);
    expect(await verify(new Uint8Array([1, 2, 3]), 10_000)).to.equal(false);
  });

  it("describes a model: cid, MACs at dynamic dimensions = 1, declared inputs and outputs", async function () {
    const { hash, cid, call } = await withMlp();
    const result = await call(modelAbi.encodeFunctionData("modelInfo", [hash]), { isStatic: true });
    expect(result.executionGasUsed).to.equal(MODEL_INFO_GAS);
    const [gotCid, macs, inputsSpec, outputsSpec] = modelAbi.decodeFunctionResult("modelInfo", result.returnValue);
    expect(gotCid).to.equal(cid);
    expect(macs).to.equal(1416n);
    const specs = (encoded: string) =>
      (abi.decode(["bytes[]"], encoded)[0] as string[]).map((spec) => {
        const [name, dtype, shape] = abi.decode(["string", "uint8", "int64[]"], spec);
        return { name, dtype: Number(dtype), shape: (shape as bigint[]).map(Number) };
      });
    expect(specs(inputsSpec as string)).to.deep.equal([{ name: "X", dtype: 1, shape: [-1, 16] }]);
    expect(specs(outputsSpec as string)).to.deep.equal([{ name: "Y", dtype: 1, shape: [-1, 4] }]);
  });

  it("prices inference before running it: too little gas runs out of gas and runs nothing", async function () {
    const chain = await modelChain();
    const runs: number[] = [];
    const counting: InferenceEngine = {
      name: "counting",
      deterministic: true,
      run: (model: LoadedModel, inputs: readonly Tensor[]) => (runs.push(1), consensusEngine().run(model, inputs)),
      prepare: (model: LoadedModel) => consensusEngine().prepare(model),
      evict: (hash) => consensusEngine().evict(hash),
      close: async () => {},
    };
    const precompile = new ModelPrecompile({ artifacts: chain.artifacts, engine: counting, gasPerMac: () => 3n });
    const storage = memoryStorage();
    const cid = await chain.artifacts.add(mlp.bytes);
    const hash = sha256Hex(mlp.bytes);
    const direct = (data: string, gasLimit: bigint) => precompile.run(precompileCall(getBytes(data), gasLimit, storage));
    const registerData = modelAbi.encodeFunctionData("registerModel", [hash, cid]);
    const registerPrice = REGISTER_BASE_GAS + REGISTER_GAS_PER_MODEL_BYTE * BigInt(mlp.bytes.length);
    expect(await direct(registerData, registerPrice - 1n)).to.deep.equal({ kind: "outOfGas" });
    expect(await storage.size()).to.equal(0);
    expect(await direct(registerData, registerPrice)).to.deep.include({ kind: "return", gasUsed: registerPrice });

    const input = encodeTensor(mlpInput(2));
    const price = INFERENCE_BASE_GAS + INFERENCE_GAS_PER_INPUT_BYTE * BigInt(input.length) + 3n * 2n * 1416n;
    const data = modelAbi.encodeFunctionData("executeInference", [hash, input]);
    expect(await direct(data, price - 1n)).to.deep.equal({ kind: "outOfGas" });
    expect(runs).to.have.length(0);
    expect(await direct(data, price)).to.deep.include({ kind: "return", gasUsed: price });
    expect(runs).to.have.length(1);

    // In a block: the transaction fails and consumes its whole gas limit.
    const { tx, block } = await withMlp();
    const starved = await block([tx(modelAbi.encodeFunctionData("executeInference", [hash, input]), 60_000n)]);
    expect(statusOf(starved.outcome.executed[0])).to.equal(0);
    expect(starved.outcome.executed[0].gasUsed).to.equal(60_000n);
  });

  it("reverts with a reason on bad calls", async function () {
    const { hash, cid, call, artifacts } = await withMlp();
    const reason = async (data: string, options: Parameters<typeof call>[1] = {}) => {
      const result = await call(data, options);
      expect(result.exceptionError?.error).to.equal("revert");
      return revertReason(result.returnValue);
    };
    const unknown = `0x${"ab".repeat(32)}`;
    expect(await reason("0x1234")).to.equal("MODEL: calldata shorter than a function selector");
    expect(await reason("0xdeadbeef")).to.equal("MODEL: unknown function selector 0xdeadbeef");
    const execute = modelAbi.encodeFunctionData("executeInference", [hash, encodeTensor(mlpInput(1))]);
    expect(await reason(`${execute}00`)).to.match(/^MODEL: malformed executeInference calldata: 1 trailing bytes/);
    expect(await reason(modelAbi.encodeFunctionData("executeInference", [unknown, "0x"]))).to.equal(`MODEL: unknown model ${unknown}`);
    expect(await reason(modelAbi.encodeFunctionData("modelInfo", [unknown]))).to.equal(`MODEL: unknown model ${unknown}`);
    expect(await reason(modelAbi.encodeFunctionData("executeInference", [hash, "0x1234"]))).to.match(/^MODEL: bad input: tensor is not abi\.encode/);
    const ints: Tensor = { dtype: "int32", shape: [1, 16], data: new Uint8Array(64) };
    expect(await reason(modelAbi.encodeFunctionData("executeInference", [hash, encodeTensor(ints)]))).to.equal("MODEL: input 'X' must be float32, got int32");
    const narrow: Tensor = { dtype: "float32", shape: [1, 15], data: new Uint8Array(60) };
    expect(await reason(modelAbi.encodeFunctionData("executeInference", [hash, encodeTensor(narrow)]))).to.equal("MODEL: bad input: input 'X' is declared [-1,16], got [1,15]");
    expect(await reason(modelAbi.encodeFunctionData("executeInference", [hash, encodeTensorArray([mlpInput(1), mlpInput(1)])]))).to.match(/^MODEL: bad input/);
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [hash, cid]))).to.equal(`MODEL: model ${hash} is already registered`);
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [unknown, cid]), { isStatic: true })).to.equal("MODEL: registerModel writes state and cannot run in a static call");
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [unknown, "not-a-cid"]))).to.match(/^MODEL: 'not-a-cid' is not a valid CID/);
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [unknown, cid]))).to.equal(`MODEL: artifact ${cid} hashes to ${hash}, not ${unknown}`);
    const missing = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [unknown, missing]))).to.equal(`MODEL: artifact ${missing} is unavailable: no block for ${missing}`);
    const v0 = "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n";
    const asV1Upper = "BAFYBEIHDWDCEFGH4DQKJV67UZCMW7OJEE6XEDZDETOJUZJEVTENXQUVYKU"; // base32 upper: same CID, other spelling
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [unknown, v0]))).to.match(/^MODEL: artifact Qm.* is unavailable/);
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [unknown, asV1Upper]))).to.match(/not a valid CID|not in its canonical form/);
    const badGraph = modelBytes(onnx.GraphProto.create({ name: "g", input: [valueInfo("X", ElemType.FLOAT, [1])], output: [valueInfo("Y", ElemType.INT64, [1, 1])], node: [onnxNode("NonZero", ["X"], ["Y"])] }));
    const badCid = await artifacts.add(badGraph);
    expect(await reason(modelAbi.encodeFunctionData("registerModel", [sha256Hex(badGraph), badCid]))).to.equal("MODEL: invalid model: operator NonZero (node 'Y') is not allowed");
    expect(await reason(modelAbi.encodeFunctionData("updateModel", [hash, sha256Hex(badGraph), badCid]), { caller: accounts[1].address })).to.equal(
      `MODEL: ${accounts[1].address.toLowerCase()} is not the owner of ${hash} (${accounts[0].address.toLowerCase()} is)`,
    );
    expect(await reason(modelAbi.encodeFunctionData("updateModel", [unknown, hash, cid]))).to.equal(`MODEL: unknown model ${unknown}`);
    const vm = await (await modelChain()).headVm();
    const paid = await vm.evm.runCall({ to: createAddressFromString(MODEL_PRECOMPILE_ADDRESS), caller: createAddressFromString(accounts[0].address), data: getBytes(execute), value: 1n, gasLimit: 1_000_000n });
    expect(revertReason(paid.execResult.returnValue)).to.equal("MODEL: executeInference is not payable");
  });

  it("updates a model: the owner carries over, the old version stays runnable, the list links both", async function () {
    const { hash, call, artifacts, block, tx, model, node } = await withMlp();
    const [, text] = models;
    const textCid = await artifacts.add(text.bytes);
    const textHash = sha256Hex(text.bytes);
    const updated = await block([tx(modelAbi.encodeFunctionData("updateModel", [hash, textHash, textCid]))]);
    expect(statusOf(updated.outcome.executed[0])).to.equal(1);
    const ids: Tensor = { dtype: "int64", shape: [1, 16], data: new Uint8Array(textTokenIds("citrate", 16).buffer) };
    const out = await call(modelAbi.encodeFunctionData("executeInference", [textHash, encodeTensor(ids)]));
    expect(decodeTensor(getBytes(modelAbi.decodeFunctionResult("executeInference", out.returnValue)[0] as string)).shape).to.deep.equal([1, 32]);
    const old = await call(modelAbi.encodeFunctionData("executeInference", [hash, encodeTensor(mlpInput(1))]));
    expect(old.exceptionError).to.equal(undefined);
    // Only the owner (carried over from the old version) may update again.
    const again = await call(modelAbi.encodeFunctionData("updateModel", [textHash, `0x${"cd".repeat(32)}`, textCid]), { caller: accounts[1].address });
    expect(revertReason(again.returnValue)).to.match(/is not the owner/);

    const listed = await model.listModels(await headStorage(node));
    expect(listed.map((m) => [m.modelHash, m.replacedBy, m.replaces])).to.deep.equal([
      [hash, textHash, undefined],
      [textHash, undefined, hash],
    ]);
    expect(listed[1]).to.deep.include({ cid: textCid, owner: accounts[0].address.toLowerCase(), macs: 2176n });
    expect(listed[1].inputs).to.deep.equal([{ name: "ids", dtype: "int64", shape: [-1, -1] }]);
    expect(listed[1].outputs).to.deep.equal([{ name: "embedding", dtype: "float32", shape: [-1, 32] }]);
  });

  it("rebuilds from state and the artifact store: a fresh precompile runs registered models, and lists models whose artifact is gone without their I/O", async function () {
    const { hash, node, artifacts, call } = await withMlp();
    const input = encodeTensor(mlpInput(3));
    const data = getBytes(modelAbi.encodeFunctionData("executeInference", [hash, input]));
    const expected = (await call(hexlify(data))).returnValue;
    await consensusEngine().evict(hash);
    const fresh = new ModelPrecompile({ artifacts, engine: consensusEngine() });
    const storage = await headStorage(node);
    const before = artifacts.cats;
    const result = await fresh.run(precompileCall(data, 10_000_000n, storage));
    expect(result.kind).to.equal("return");
    expect(hexlify((result as { output: Uint8Array }).output)).to.equal(hexlify(expected));
    expect(artifacts.cats).to.equal(before + 1);

    artifacts.files.clear();
    const cold = new ModelPrecompile({ artifacts, engine: consensusEngine() });
    const [listed] = await cold.listModels(storage);
    expect(listed.modelHash).to.equal(hash);
    expect(listed.inputs).to.equal(undefined);
    const failed = await cold.run(precompileCall(data, 10_000_000n, storage));
    expect(failed).to.deep.include({ kind: "revert" });
    expect((failed as { reason: string }).reason).to.match(/cannot be loaded: no block for/);
  });

  it("runs the PaddleOCR text-direction classifier end to end, in a block and through eth_call", async function () {
    const chain = await modelChain();
    const ocr = models[2];
    const cid = await chain.artifacts.add(ocr.bytes);
    const hash = sha256Hex(ocr.bytes);
    const registered = await chain.block([chain.tx(modelAbi.encodeFunctionData("registerModel", [hash, cid]))]);
    expect(statusOf(registered.outcome.executed[0])).to.equal(1);
    const image = new Float32Array(3 * 48 * 192).map((_, i) => Math.sin(i * 0.013) * 0.5);
    const input = encodeTensor({ dtype: "float32", shape: [1, 3, 48, 192], data: new Uint8Array(image.buffer) });
    const data = modelAbi.encodeFunctionData("executeInference", [hash, input]);
    const executed = await chain.block([chain.tx(data, 29_000_000n)]);
    expect(statusOf(executed.outcome.executed[0])).to.equal(1);
    const result = await chain.call(data, { gasLimit: 29_000_000n });
    expect(result.exceptionError).to.equal(undefined);
    expect(result.executionGasUsed).to.equal(INFERENCE_BASE_GAS + INFERENCE_GAS_PER_INPUT_BYTE * BigInt(input.length) + 19_254_374n);
    const output = decodeTensor(getBytes(modelAbi.decodeFunctionResult("executeInference", result.returnValue)[0] as string));
    expect(output.shape).to.deep.equal([1, 2]);
    const wasm = await directWasm(ocr.bytes, { x: new ortWeb.Tensor("float32", image, [1, 3, 48, 192]) });
    expect(hexlify(output.data)).to.equal(hexlify(new Uint8Array((wasm["softmax_0.tmp_0"].data as Float32Array).buffer)));
    const native = await directNative(ocr.bytes, { x: new ortNode.Tensor("float32", image, [1, 3, 48, 192]) });
    const nativeOut = native["softmax_0.tmp_0"].data as Float32Array;
    expect(checkAgainstConsensus([{ dtype: "float32", shape: [1, 2], data: new Uint8Array(nativeOut.buffer) }], [output], 1).ok).to.equal(true);
    expect(argmaxRows(floats(output), 2)).to.deep.equal(argmaxRows(nativeOut, 2));
  });

  it("rejects a non-deterministic engine for consensus", function () {
    const fast = { ...consensusEngine(), name: "native-cpu", deterministic: false } as unknown as InferenceEngine;
    expect(() => new ModelPrecompile({ artifacts: { cat: async () => new Uint8Array() }, engine: fast })).to.throw(TypeError, /not deterministic/);
  });
});

/** A storage map, as the precompile sees its own account's storage. */
function memoryStorage(): PrecompileStorage & { size(): Promise<number> } {
  const words = new Map<string, Uint8Array>();
  return {
    async get(slot) {
      return words.get(hexlify(slot)) ?? new Uint8Array(32);
    },
    async put(slot, value) {
      if (value.every((b) => b === 0)) words.delete(hexlify(slot));
      else words.set(hexlify(slot), value);
    },
    async size() {
      return words.size;
    },
  };
}

function precompileCall(input: Uint8Array, gasLimit: bigint, storage: PrecompileStorage): PrecompileCall {
  return { caller: accounts[0].address.toLowerCase() as `0x${string}`, value: 0n, isStatic: false, input, gasLimit, block: { number: 1n, timestamp: 1n }, storage };
}

/** The MODEL account's storage at the head's post-state (read-only). */
async function headStorage(node: Awaited<ReturnType<typeof modelChain>>["node"]): Promise<PrecompileStorage> {
  const head = node.processor.block(node.processor.dag.virtualSelectedParent)!;
  const state = await node.executor.stateAt(head.header.stateRoot);
  const address = createAddressFromString(MODEL_PRECOMPILE_ADDRESS);
  return {
    get: async (slot) => setLengthLeft(await state.getStorage(address, slot), 32),
    put: async () => {
      throw new Error("read-only view");
    },
  };
}
