/**
 * Prints, as one JSON line, the sha256 of the consensus engine's output for each demo model on fixed
 * inputs. Run as a child process by the determinism test (other thread counts, emulated CPUs):
 *   node --import tsx test/precompiles/inference/consensus-hashes.ts [--threads N]
 * Network access is cut off first, so the WASM runtime provably loads from node_modules.
 */
import { createHash } from "node:crypto";
import { WasmConsensusEngine } from "../../../precompiles/inference/consensus-engine.js";
import { demoModels } from "../../../precompiles/inference/demo-models/index.js";
import { textTokenIds } from "../../../precompiles/inference/demo-models/text-embedding.js";
import { OnnxModel } from "../../../precompiles/inference/onnx-model.js";
import type { Tensor } from "../../../precompiles/inference/tensor-codec.js";

/** Fixed inputs for each demo model, by name. */
export function fixedInputs(name: string): Tensor[] {
  switch (name) {
    case "mlp-classifier":
      return [{ dtype: "float32", shape: [64, 16], data: new Uint8Array(new Float32Array(64 * 16).map((_, i) => Math.sin(i * 0.37) * 2).buffer) }];
    case "text-embedding":
      return [{ dtype: "int64", shape: [2, 24], data: new Uint8Array(new BigInt64Array([...textTokenIds("proof of inference", 24), ...textTokenIds("gm citrate", 24)]).buffer) }];
    default:
      return [{ dtype: "float32", shape: [2, 3, 48, 192], data: new Uint8Array(new Float32Array(2 * 3 * 48 * 192).map((_, i) => Math.sin(i * 0.013) * 0.5).buffer) }];
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function main(): Promise<void> {
  // Only in the child process: the determinism test imports this module too.
  globalThis.fetch = () => Promise.reject(new Error("network access during consensus inference"));
  const threadsFlag = process.argv.indexOf("--threads");
  const threads = threadsFlag === -1 ? 1 : Number(process.argv[threadsFlag + 1]);
  const engine = new WasmConsensusEngine({ threads });
  const hashes: Record<string, string> = {};
  for (const model of await demoModels()) {
    const loaded = { hash: `0x${sha256Hex(model.bytes)}` as const, bytes: model.bytes, graph: OnnxModel.parse(model.bytes) };
    const [output] = await engine.run(loaded, fixedInputs(model.name));
    hashes[model.name] = sha256Hex(output.data);
  }
  await engine.close();
  console.log(JSON.stringify({ threads, wasmSha256: WasmConsensusEngine.wasmSha256, hashes }));
  // onnxruntime-web's worker threads (threads > 1) keep the event loop alive.
  process.exit(0);
}

if (process.argv[1]?.endsWith("consensus-hashes.ts")) await main();
