import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Contract, getBytes, hexlify } from "ethers";
import { network } from "hardhat";
import { create as kuboClient } from "kubo-rpc-client";
import { WasmConsensusEngine } from "../../precompiles/inference/consensus-engine.js";
import { NativeEngine } from "../../precompiles/inference/native-engine.js";
import { checkAgainstConsensus } from "../../precompiles/inference/compare.js";
import { buildMlpClassifier, MLP_FEATURES } from "../../precompiles/inference/demo-models/mlp-classifier.js";
import { OnnxModel } from "../../precompiles/inference/onnx-model.js";
import { decodeTensor, encodeTensor, type Tensor } from "../../precompiles/inference/tensor-codec.js";
import type { LoadedModel } from "../../precompiles/inference/engine.js";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { nodeProvider, type RunningNode, startDevNode } from "../support/node-process.js";
import { until } from "../support/until.js";

const MODEL = "0x0000000000000000000000000000000000001000";
const ARTIFACT = "0x0000000000000000000000000000000000001002";
const [user] = devAccounts(1);

interface ListedModel {
  modelHash: `0x${string}`;
  cid: string;
  name: string | null;
  inputs: Array<{ name: string; dtype: string; shape: number[] }> | null;
}

/** A fixed MLP input: [1, 16] float32. */
function mlpInput(): Tensor {
  const values = Float32Array.from({ length: MLP_FEATURES }, (_, i) => Math.sin(i + 1) * 2);
  return { dtype: "float32", shape: [1, MLP_FEATURES], data: new Uint8Array(values.buffer) };
}


describe("AI precompiles on a running dev node (Hardhat --network citrate)", function () {
  this.timeout(300_000);
  const datadirs: string[] = [];
  const nodes: RunningNode[] = [];

  async function start(args: readonly string[] = []): Promise<RunningNode> {
    const datadir = mkdtempSync(path.join(tmpdir(), "citrate-ai-"));
    datadirs.push(datadir);
    const node = await startDevNode(datadir, args);
    nodes.push(node);
    return node;
  }

  after(async function () {
    for (const node of nodes) await node.stop();
    for (const datadir of datadirs) rmSync(datadir, { recursive: true, force: true });
  });

  it("lists the demo models, and a contract's executeInference stores exactly the consensus engine's output", async function () {
    const node = await start();
    const provider = nodeProvider(node);
    const models = (await provider.send("citrate_listModels", [])) as ListedModel[];
    expect(models.map((model) => model.name)).to.include.members(["mlp-classifier", "text-embedding", "ppocr-text-direction"]);
    const mlp = models.find((model) => model.name === "mlp-classifier") as ListedModel;
    const bytes = buildMlpClassifier();
    expect(mlp.modelHash).to.equal(`0x${createHash("sha256").update(bytes).digest("hex")}`);
    expect(mlp.inputs).to.deep.equal([{ name: "X", dtype: "float32", shape: [-1, MLP_FEATURES] }]);

    const { ethers } = await network.connect({ network: "citrate", override: { url: node.url, accounts: [user.privateKey] } });
    const consumer = await ethers.deployContract("ModelConsumer");
    await consumer.waitForDeployment();
    const input = encodeTensor(mlpInput());
    await (await consumer.getFunction("infer")(mlp.modelHash, input)).wait();
    const stored = getBytes((await consumer.getFunction("lastOutput")()) as string);

    // eth_call of the precompile gives the same bytes.
    const model = new Contract(MODEL, ["function executeInference(bytes32, bytes) returns (bytes)"], provider);
    expect(hexlify(getBytes((await model.executeInference.staticCall(mlp.modelHash, input)) as string))).to.equal(hexlify(stored));

    // Bit-identical to a direct onnxruntime-web (WASM) run; onnxruntime-node agrees within 1 bps.
    const loaded: LoadedModel = { hash: mlp.modelHash, bytes, graph: OnnxModel.parse(bytes) };
    const wasm = new WasmConsensusEngine();
    const native = new NativeEngine();
    try {
      const [direct] = await wasm.run(loaded, [mlpInput()]);
      expect(hexlify(encodeTensor(direct))).to.equal(hexlify(stored));
      const nativeOutput = await native.run(loaded, [mlpInput()]);
      expect(checkAgainstConsensus(nativeOutput, [decodeTensor(stored)], 1).ok).to.equal(true);
    } finally {
      await wasm.close();
      await native.close();
    }
    provider.destroy();
  });

  it("pins a CID a contract asked for, replicates it to a second node's IPFS API, and reports it on chain and locally", async function () {
    const replica = await start();
    const node = await start(["--ipfs-replica", replica.ipfsApiUrl as string]);
    const provider = nodeProvider(node);
    const content = new TextEncoder().encode(`a dataset shard for ${process.pid}`);
    const added = await kuboClient({ url: node.ipfsApiUrl as string }).add(content, { cidVersion: 1 });
    const cid = added.cid.toString();

    const { ethers } = await network.connect({ network: "citrate", override: { url: node.url, accounts: [user.privateKey] } });
    const consumer = await ethers.deployContract("ModelConsumer");
    await consumer.waitForDeployment();
    const artifact = new Contract(ARTIFACT, ["function pinFee() view returns (uint256)", "function status(string) view returns (uint8, uint32, uint32)"], provider);
    const fee = (await artifact.pinFee()) as bigint;
    await (await consumer.getFunction("pinArtifact")(cid, 2, { value: fee * 2n })).wait();

    const local = await until("the local pin job to settle", async () => {
      const status = (await provider.send("citrate_getArtifactStatus", [cid])) as { state: string; replicas: number; target: number } | null;
      return status !== null && (status.state === "pinned" || status.state === "underreplicated") ? status : undefined;
    });
    expect(local).to.include({ state: "pinned", replicas: 2, target: 2 });
    const onChain = await until("the on-chain confirmation", async () => {
      const [state, requested, confirmed] = (await artifact.status(cid)) as [bigint, bigint, bigint];
      return confirmed >= 1n ? { state, requested, confirmed } : undefined;
    });
    expect(onChain.requested).to.equal(2n);

    const pinnedOnReplica: string[] = [];
    for await (const pin of kuboClient({ url: replica.ipfsApiUrl as string }).pin.ls()) pinnedOnReplica.push(pin.cid.toV1().toString());
    expect(pinnedOnReplica).to.include(added.cid.toV1().toString());
    const copy: Uint8Array[] = [];
    for await (const chunk of kuboClient({ url: replica.ipfsApiUrl as string }).cat(added.cid)) copy.push(chunk);
    expect(Buffer.concat(copy).equals(Buffer.from(content))).to.equal(true);

    const refused = await provider.send("citrate_getArtifactStatus", ["not-a-cid"]).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(refused?.message).to.match(/invalid cid/i);
    provider.destroy();
  });
});
