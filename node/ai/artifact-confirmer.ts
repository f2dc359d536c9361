import { Contract, JsonRpcProvider, NonceManager, Wallet } from "ethers";
import { ARTIFACT_PRECOMPILE_ADDRESS } from "../../precompiles/artifact/artifact-abi.js";

/** Sends ARTIFACT `confirm(cid)` as the node's storage provider, through a JSON-RPC endpoint. */
export class ArtifactConfirmer {
  private readonly provider: JsonRpcProvider;
  private readonly artifact: Contract;

  constructor(rpcUrl: string, privateKey: `0x${string}`) {
    this.provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
    this.artifact = new Contract(ARTIFACT_PRECOMPILE_ADDRESS, ["function confirm(string cid)"], new NonceManager(new Wallet(privateKey, this.provider)));
  }

  /** Confirms `cid` and waits for the receipt. */
  async confirm(cid: string): Promise<void> {
    await (await this.artifact.confirm(cid)).wait();
  }

  close(): void {
    this.provider.destroy();
  }
}
