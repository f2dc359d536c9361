import { createHash } from "node:crypto";
import { Contract, JsonRpcProvider, NonceManager, Wallet } from "ethers";
import type { Logger } from "pino";
import { ARTIFACT_PRECOMPILE_ADDRESS, ArtifactState } from "../../precompiles/artifact/artifact-abi.js";
import type { ArtifactBackend } from "../../precompiles/artifacts/artifact-backend.js";
import { KUBO_V1 } from "../../precompiles/artifacts/cid-options.js";
import { demoModels } from "../../precompiles/inference/demo-models/index.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../../precompiles/model/model-abi.js";

/** A demo model as the dev chain publishes it. */
export interface PublishedModel {
  readonly name: string;
  readonly modelHash: `0x${string}`;
  readonly cid: string;
}

const MODEL_ABI = ["function registerModel(bytes32 modelHash, string cid)", "function modelInfo(bytes32 modelHash) view returns (string, uint64, bytes, bytes)"];
const ARTIFACT_ABI = ["function pin(string cid, uint32 replicas) payable", "function pinFee() view returns (uint256)", "function status(string cid) view returns (uint8, uint32, uint32)"];

/**
 * `--dev` start-up: adds the demo models (built in TypeScript, or shipped in npm) to the node's
 * store with Kubo's CIDv1 settings, and registers and pins each on chain through its own JSON-RPC,
 * signed by `privateKey`, then waits until the node's own copy is confirmed on chain, so the chain
 * is quiet when start-up ends. Idempotent: a model already registered or pinned is left as it is.
 */
export async function publishDemoModels(options: { rpcUrl: string; privateKey: `0x${string}`; store: ArtifactBackend; log: Logger }): Promise<PublishedModel[]> {
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
  const signer = new NonceManager(new Wallet(options.privateKey, provider));
  const model = new Contract(MODEL_PRECOMPILE_ADDRESS, MODEL_ABI, signer);
  const artifact = new Contract(ARTIFACT_PRECOMPILE_ADDRESS, ARTIFACT_ABI, signer);
  const published: PublishedModel[] = [];
  try {
    for (const demo of await demoModels()) {
      const { cid } = await options.store.add(demo.bytes, { profile: KUBO_V1, pin: true });
      const cidText = cid.toString();
      const modelHash = `0x${createHash("sha256").update(demo.bytes).digest("hex")}` as const;
      if (!(await isRegistered(model, modelHash))) await (await model.registerModel(modelHash, cidText)).wait();
      const [state] = (await artifact.status(cidText)) as [bigint];
      if (Number(state) === ArtifactState.None) {
        const fee = (await artifact.pinFee()) as bigint;
        await (await artifact.pin(cidText, 1, { value: fee })).wait();
      }
      await untilPinned(artifact, cidText);
      published.push({ name: demo.name, modelHash, cid: cidText });
      options.log.info({ name: demo.name, modelHash, cid: cidText, bytes: demo.bytes.length }, "demo model registered and pinned");
    }
  } finally {
    provider.destroy();
  }
  return published;
}

/** How long start-up waits for the node's own pin of a demo model to be confirmed on chain. */
const PIN_CONFIRMATION_TIMEOUT_MS = 60_000;

/** Waits until `cid`'s pin is confirmed on chain (the node's artifact manager pins and confirms it). */
async function untilPinned(artifact: Contract, cid: string): Promise<void> {
  const deadline = Date.now() + PIN_CONFIRMATION_TIMEOUT_MS;
  for (;;) {
    const [state] = (await artifact.status(cid)) as [bigint];
    if (Number(state) === ArtifactState.Pinned) return;
    if (Date.now() > deadline) throw new Error(`the demo model ${cid} was not confirmed pinned within ${PIN_CONFIRMATION_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function isRegistered(model: Contract, modelHash: `0x${string}`): Promise<boolean> {
  try {
    await model.modelInfo(modelHash);
    return true;
  } catch (error) {
    // MODEL reverts for a hash it does not know; anything else (the node unreachable) is a failure.
    if ((error as { code?: string }).code === "CALL_EXCEPTION") return false;
    throw error;
  }
}
