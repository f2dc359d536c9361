import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { WasmConsensusEngine } from "../../../precompiles/inference/consensus-engine.js";
import { demoModels } from "../../../precompiles/inference/demo-models/index.js";
import type { LoadedModel } from "../../../precompiles/inference/engine.js";
import { OnnxModel } from "../../../precompiles/inference/onnx-model.js";
import { consensusEngine } from "../model/model-fixture.js";
import { fixedInputs, sha256Hex } from "./consensus-hashes.js";

const run = promisify(execFile);
const script = fileURLToPath(new URL("./consensus-hashes.ts", import.meta.url));

interface ChildHashes {
  threads: number;
  wasmSha256: string;
  hashes: Record<string, string>;
}

async function child(prefix: string[], threads: number): Promise<ChildHashes> {
  const [command, ...args] = [...prefix, process.execPath, "--import", "tsx", script, "--threads", String(threads)];
  const { stdout } = await run(command, args, { maxBuffer: 1 << 20, timeout: 600_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as ChildHashes;
}

function onPath(binary: string): string | undefined {
  return (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, binary)).find((path) => existsSync(path));
}

describe("consensus engine determinism", function () {
  this.timeout(600_000);
  let reference: Record<string, string>;
  let models: LoadedModel[];
  let names: string[];

  before(async function () {
    const demo = await demoModels();
    names = demo.map((m) => m.name);
    models = demo.map((m) => ({ hash: `0x${sha256Hex(m.bytes)}`, bytes: m.bytes, graph: OnnxModel.parse(m.bytes) }));
    reference = {};
    for (const [i, model] of models.entries()) reference[names[i]] = sha256Hex((await consensusEngine().run(model, fixedInputs(names[i])))[0].data);
  });

  it("pins the WebAssembly binary every node must run", function () {
    expect(WasmConsensusEngine.wasmSha256).to.equal("3398c10d07d229bd91b364548e130e0e51a8e5704b88c7c083ebbeb78842dee2");
  });

  it("matches the output hashes measured on other x86 CPUs (AVX-512 Xeon, qemu Nehalem and max; docs/precompiles.md)", function () {
    // The same graphs, weights, inputs and wasm binary as those measurements
    // (sha256 prefixes), whatever CPU runs this test.
    expect(reference["mlp-classifier"].slice(0, 16)).to.equal("8171f8d3630bbb95");
    expect(reference["ppocr-text-direction"].slice(0, 16)).to.equal("e4a64f967ca0ae5a");
  });

  it("gives identical output bytes over 1,000 runs of the MLP (and 50 of the OCR classifier)", async function () {
    const engine = consensusEngine();
    const mlpHashes = new Set<string>();
    for (let i = 0; i < 1000; i++) mlpHashes.add(sha256Hex((await engine.run(models[0], fixedInputs(names[0])))[0].data));
    expect([...mlpHashes]).to.deep.equal([reference["mlp-classifier"]]);
    const ocrHashes = new Set<string>();
    for (let i = 0; i < 50; i++) ocrHashes.add(sha256Hex((await engine.run(models[2], fixedInputs(names[2])))[0].data));
    expect([...ocrHashes]).to.deep.equal([reference["ppocr-text-direction"]]);
  });

  it("gives the same bytes in fresh processes with 1 and 2 WebAssembly threads, loading nothing from the network", async function () {
    for (const threads of [1, 2]) {
      const result = await child([], threads);
      expect(result.threads).to.equal(threads);
      expect(result.wasmSha256).to.equal(WasmConsensusEngine.wasmSha256);
      expect(result.hashes, `${threads} thread(s)`).to.deep.equal(reference);
    }
  });

  it("gives the same bytes on emulated older and newer x86 CPUs (qemu-x86_64 -cpu Nehalem / max)", async function () {
    const qemu = onPath("qemu-x86_64");
    if (qemu === undefined) {
      console.log("      skipped: qemu-x86_64 is not installed here (Debian: apt-get install qemu-user); cross-CPU results are in docs/precompiles.md");
      this.skip();
    }
    for (const cpu of ["Nehalem", "max"]) {
      const result = await child([qemu, "-cpu", cpu], 1);
      expect(result.hashes, `-cpu ${cpu}`).to.deep.equal(reference);
    }
  });
});
