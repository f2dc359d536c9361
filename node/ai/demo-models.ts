import { createHash } from "node:crypto";
import { Contract, JsonRpcProvider, NonceManager, Wallet } from "ethers";
import type { Logger } from "pino";
import { ARTIFACT_PRECOMPILE_ADDRESS, ArtifactState } from "../../precompiles/artifact/artifact-abi.js";
import type { ArtifactBackend } from "../../precompiles/artifacts/artifact-backend.js";
import { KUBO_V1 } from "../../precompiles/artifacts/cid-options.js";
import { demoModels } from "../../precompiles/inference/demo-models/index.js";

/** A demo model as the dev chain publishes it. */
export interface PublishedModel {
  readonly name: string;
  readonly modelHash: `0x${string}`;
  readonly cid: string;
}

const REGISTRY_ABI = [
  "function registerModel((string name, string framework, string version, string cid, bytes32 modelHash, uint64 size, uint256 price, uint8 policy) spec) payable returns (uint256)",
  "function modelIdByHash(bytes32 modelHash) view returns (uint256)",
  "function registrationCost() view returns (uint256 registration, uint256 pin, uint256 total)",
];
const ARTIFACT_ABI = ["function status(string cid) view returns (uint8, uint32, uint32)"];
/** ModelRegistry's AccessPolicy.Public. */
const PUBLIC = 0;
/** What a market request for a demo model costs (escrowed, then split provider / treasury / burn). */
const DEMO_PRICE = 10n ** 15n;

/**
 * `--dev` start-up: adds the demo models (built in TypeScript, or shipped in npm) to the node's
 * store with Kubo's CIDv1 settings and registers each with the ModelRegistry predeploy (which
 * registers it with MODEL and pins it through ARTIFACT), through the node's own JSON-RPC, signed by
 * `privateKey`; then waits until the node's own copy is confirmed on chain, so the chain is quiet
 * when start-up ends. Idempotent: a model already registered is left as it is.
 */
export async function publishDemoModels(options: {
  rpcUrl: string;
  privateKey: `0x${string}`;
  registry: `0x${string}`;
  store: ArtifactBackend;
  log: Logger;
}): Promise<PublishedModel[]> {
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
  const signer = new NonceManager(new Wallet(options.privateKey, provider));
  const registry = new Contract(options.registry, REGISTRY_ABI, signer);
  const artifact = new Contract(ARTIFACT_PRECOMPILE_ADDRESS, ARTIFACT_ABI, provider);
  const published: PublishedModel[] = [];
  try {
    for (const demo of await demoModels()) {
      const { cid } = await options.store.add(demo.bytes, { profile: KUBO_V1, pin: true });
      const cidText = cid.toString();
      const modelHash = `0x${createHash("sha256").update(demo.bytes).digest("hex")}` as const;
      if (((await registry.modelIdByHash(modelHash)) as bigint) === 0n) {
        const [, , total] = (await registry.registrationCost()) as [bigint, bigint, bigint];
        const spec = { name: demo.name, framework: "onnx", version: "1", cid: cidText, modelHash, size: demo.bytes.length, price: DEMO_PRICE, policy: PUBLIC };
        await (await registry.registerModel(spec, { value: total })).wait();
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
