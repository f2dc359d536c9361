import path from "node:path";
import type { Logger } from "pino";
import { ArtifactPrecompile } from "../../precompiles/artifact/artifact-precompile.js";
import { HeliaBackend } from "../../precompiles/artifacts/helia-backend.js";
import { EvmPrecompiles } from "../../precompiles/evm/evm-precompiles.js";
import { WasmConsensusEngine } from "../../precompiles/inference/consensus-engine.js";
import { ModelPrecompile } from "../../precompiles/model/model-precompile.js";
import { backendArtifacts } from "../provider/backend-artifacts.js";

/** Fee sources the precompiles read at each call (governance moves them at epoch boundaries). */
export interface AiFeeSources {
  readonly gasPerMac: () => bigint;
  readonly pinFee: () => bigint;
}

/**
 * The node's AI side, below consensus: the embedded IPFS store (`<datadir>/ipfs`), the
 * deterministic inference engine, and the MODEL and ARTIFACT precompiles the EVM runs.
 */
export class AiRuntime {
  private constructor(
    readonly store: HeliaBackend,
    readonly engine: WasmConsensusEngine,
    readonly model: ModelPrecompile,
    readonly artifact: ArtifactPrecompile,
    readonly precompiles: EvmPrecompiles,
  ) {}

  static async open(datadir: string, fees: AiFeeSources, log: Logger): Promise<AiRuntime> {
    const store = await HeliaBackend.open(path.join(datadir, "ipfs"));
    const engine = new WasmConsensusEngine();
    const model = new ModelPrecompile({ artifacts: backendArtifacts(store).reader, engine, gasPerMac: fees.gasPerMac, log: log.child({ component: "model" }) });
    const artifact = new ArtifactPrecompile({ pinFee: fees.pinFee });
    const precompiles = new EvmPrecompiles([model, artifact], (precompile, error) =>
      log.error({ precompile: precompile.name, err: error }, "precompile handler failed; the call reverted"),
    );
    log.info({ ipfs: path.join(datadir, "ipfs"), engine: engine.name }, "AI precompiles ready");
    return new AiRuntime(store, engine, model, artifact, precompiles);
  }

  async close(): Promise<void> {
    await this.engine.close();
    await this.store.close();
  }
}

