// MODEL precompile latency per demo model: executeInference through an eth_call-style
// `vm.evm.runCall` and as a transaction in a built block (in-process memoryNode), beside direct
// `session.run` on onnxruntime-node (native CPU, 1 thread) and onnxruntime-web (WASM, the consensus
// engine's runtime and options), all in the same run. Target: runCall under 1.5× the direct WASM run
// for a model of ≥ 1 ms.
//   npm run bench:inference [-- --runs N --blocks N]
import { parseArgs } from "node:util";
import { createAddressFromString, hexToBytes } from "@ethereumjs/util";
import * as ortNode from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import { CONSENSUS_SESSION_OPTIONS } from "../precompiles/inference/consensus-engine.js";
import { demoModels } from "../precompiles/inference/demo-models/index.js";
import { textTokenIds } from "../precompiles/inference/demo-models/text-embedding.js";
import { OnnxModel } from "../precompiles/inference/onnx-model.js";
import { encodeTensor, type Tensor } from "../precompiles/inference/tensor-codec.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../precompiles/model/model-abi.js";
import { accounts, consensusEngine, modelAbi, modelChain, sha256Hex, spec, statusOf } from "../test/precompiles/model/model-fixture.js";
import { transfer } from "../test/support/chain-fixture.js";

const { values: options } = parseArgs({ options: { runs: { type: "string", default: "200" }, blocks: { type: "string", default: "20" } } });
const runs = Number(options.runs);
const blockRuns = Number(options.blocks);

function inputFor(name: string): Tensor {
  switch (name) {
    case "mlp-classifier":
      return { dtype: "float32", shape: [1, 16], data: new Uint8Array(new Float32Array(16).map((_, i) => Math.sin(i * 0.37) * 2).buffer) };
    case "text-embedding":
      return { dtype: "int64", shape: [1, 32], data: new Uint8Array(textTokenIds("proof of inference on citrate", 32).buffer) };
    default:
      return { dtype: "float32", shape: [1, 3, 48, 192], data: new Uint8Array(new Float32Array(3 * 48 * 192).map((_, i) => Math.sin(i * 0.013) * 0.5).buffer) };
  }
}

/** Median milliseconds of `fn` over `count` runs, after a few warm-up runs. */
async function median(count: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(5, count); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function typed(tensor: Tensor): Float32Array | BigInt64Array {
  const buffer = tensor.data.slice().buffer;
  return tensor.dtype === "int64" ? new BigInt64Array(buffer) : new Float32Array(buffer);
}

interface Row {
  model: string;
  macs: bigint;
  native: number;
  wasm: number;
  runCall: number;
  emptyCall: number;
  block: number;
}

consensusEngine(); // configures onnxruntime-web exactly as the precompile runs it
const rows: Row[] = [];
let transferBlock = 0;
for (const demo of await demoModels()) {
  const input = inputFor(demo.name);
  const graph = OnnxModel.parse(demo.bytes);
  const name = graph.inputs[0].name;
  const macs = graph.plan([input.shape]).macs;
  const count = macs > 1_000_000n ? Math.max(10, Math.floor(runs / 10)) : runs;

  const native = await ortNode.InferenceSession.create(demo.bytes, { executionProviders: ["cpu"], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" });
  const nativeFeed = { [name]: new ortNode.Tensor(input.dtype, typed(input), input.shape) };
  const nativeMs = await median(count, () => native.run(nativeFeed));
  await native.release();

  const wasm = await ortWeb.InferenceSession.create(demo.bytes, { ...CONSENSUS_SESSION_OPTIONS, executionProviders: ["wasm"] });
  const wasmFeed = { [name]: new ortWeb.Tensor(input.dtype, typed(input), input.shape) };
  const wasmMs = await median(count, () => wasm.run(wasmFeed));
  await wasm.release();

  const chain = await modelChain();
  const hash = sha256Hex(demo.bytes);
  const cid = await chain.artifacts.add(demo.bytes);
  const registered = await chain.block([chain.tx(modelAbi.encodeFunctionData("registerModel", [hash, cid]))]);
  if (statusOf(registered.outcome.executed[0]) !== 1) throw new Error(`${demo.name}: registration failed`);
  const data = modelAbi.encodeFunctionData("executeInference", [hash, encodeTensor(input)]);
  const vm = await chain.headVm();
  const callArgs = { to: createAddressFromString(MODEL_PRECOMPILE_ADDRESS), caller: createAddressFromString(accounts[0].address), data: hexToBytes(data as `0x${string}`), gasLimit: 29_000_000n };
  const runCallMs = await median(count, async () => {
    const result = await vm.evm.runCall(callArgs);
    if (result.execResult.exceptionError !== undefined) throw new Error(`${demo.name}: ${result.execResult.exceptionError.error}`);
  });

  // The same runCall with a selector MODEL rejects at once: what the EVM call itself costs.
  const emptyArgs = { ...callArgs, data: hexToBytes("0xdeadbeef") };
  const emptyCallMs = await median(count, () => vm.evm.runCall(emptyArgs));

  const blockMs = await median(Math.min(blockRuns, count), async () => {
    const built = await chain.block([chain.tx(data, 29_000_000n)]);
    if (statusOf(built.outcome.executed[0]) !== 1) throw new Error(`${demo.name}: inference transaction failed`);
  });
  if (transferBlock === 0) {
    let nonce = 0n;
    transferBlock = await median(blockRuns, () => chain.block([transfer(spec, accounts[5].privateKey, accounts[6].address, 1n, nonce++)]));
  }
  rows.push({ model: demo.name, macs, native: nativeMs, wasm: wasmMs, runCall: runCallMs, emptyCall: emptyCallMs, block: blockMs });
}

const ms = (v: number) => `${v.toFixed(3)} ms`;
console.log(`\nMODEL precompile, executeInference on one input (median; ${runs} runs, ÷10 for models over 1 M MACs; ${blockRuns} blocks)\n`);
console.log("| model | input | MACs | native session.run | WASM session.run | precompile runCall | runCall of a rejected selector | block with 1 inference tx | runCall / WASM | WASM / native |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const input = inputFor(row.model);
  console.log(
    `| ${row.model} | ${input.dtype}[${input.shape.join(",")}] | ${row.macs} | ${ms(row.native)} | ${ms(row.wasm)} | ${ms(row.runCall)} | ${ms(row.emptyCall)} | ${ms(row.block)} | ${(row.runCall / row.wasm).toFixed(2)}× | ${(row.wasm / row.native).toFixed(1)}× |`,
  );
}
console.log(`\nA block with one plain transfer takes ${ms(transferBlock)} (block overhead, for the block column).`);
const slowest = rows.filter((row) => row.wasm >= 1).map((row) => row.runCall / row.wasm);
if (slowest.length > 0) console.log(`Precompile overhead for models ≥ 1 ms: ${Math.max(...slowest).toFixed(2)}× the direct WASM run (target < 1.5×).`);
process.exit(0);
