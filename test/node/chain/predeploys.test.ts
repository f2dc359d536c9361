import { expect } from "chai";
import { createAddressFromString, hexToBytes, bytesToHex } from "@ethereumjs/util";
import { id, Interface } from "ethers";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { devChainSpec, withPredeploys } from "../../../node/chain/dev-chain-spec.js";
import { PredeployInstallError } from "../../../node/chain/predeploys/install-predeploys.js";
import { ArtifactDirectory, PredeployArtifactError } from "../../../node/chain/predeploys/predeploy-artifacts.js";
import { PREDEPLOY_ADDRESSES, type PredeploySet } from "../../../node/chain/predeploys/predeploy.js";
import { protocolContracts, protocolPredeploys } from "../../../node/chain/predeploys/protocol-predeploys.js";
import { devProtocolSettings } from "../../../node/chain/predeploys/dev-protocol-settings.js";
import { KEY } from "../../../deploy/protocol-parameters.js";
import { ARTIFACT_PRECOMPILE_ADDRESS } from "../../../precompiles/artifact/artifact-abi.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../../../precompiles/model/model-abi.js";
import { memoryNode } from "../../support/chain-fixture.js";

const artifacts = new ArtifactDirectory("artifacts");
const settings = devProtocolSettings(100);
const timelock = PREDEPLOY_ADDRESSES.Timelock;
const abi = new Interface([
  "function owner() view returns (address)",
  "function getParam(bytes32 key) view returns (uint256)",
  "function epochLength() view returns (uint256)",
  "function treasury() view returns (address)",
  "function protocolParams() view returns (address)",
  "function initialize(address initialOwner)",
  "function getVotes(address account) view returns (uint256)",
  "function isMember(address account) view returns (bool)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function modelPrecompile() view returns (address)",
  "function artifactPrecompile() view returns (address)",
]);

describe("genesis predeploys", function () {
  this.timeout(60_000);

  async function devNodeWith(predeploys: PredeploySet) {
    const spec = withPredeploys(devChainSpec(), predeploys);
    const node = await memoryNode(spec);
    const head = node.processor.block(node.processor.dag.virtualSelectedParent);
    if (head === undefined) throw new Error("no genesis");
    const vm = await node.executor.vmAt(head.header.stateRoot, node.processor.environmentOf(head));
    const call = async (to: string, fn: string, args: readonly unknown[] = []) => {
      const result = await vm.evm.runCall({ to: createAddressFromString(to), data: hexToBytes(abi.encodeFunctionData(fn, args) as `0x${string}`), gasLimit: 5_000_000n });
      return { error: result.execResult.exceptionError?.error, output: bytesToHex(result.execResult.returnValue) };
    };
    return { call, stateRoot: head.header.stateRoot };
  }

  it("installs the whole protocol suite at its fixed addresses, owned by the Timelock", async function () {
    const set = protocolPredeploys(artifacts, settings);
    const { call } = await devNodeWith(set);
    const read = async (to: string, fn: string, args: readonly unknown[] = []) => abi.decodeFunctionResult(fn, (await call(to, fn, args)).output)[0] as unknown;
    const address = async (to: string, fn: string) => ((await read(to, fn)) as string).toLowerCase();
    expect(await address(PREDEPLOY_ADDRESSES.ProtocolParams, "owner")).to.equal(timelock);
    expect(await read(PREDEPLOY_ADDRESSES.ProtocolParams, "epochLength")).to.equal(100n);
    expect(await read(PREDEPLOY_ADDRESSES.ProtocolParams, "getParam", [KEY.BLOCK_REWARD])).to.equal(10n * 10n ** 18n);
    expect(await address(PREDEPLOY_ADDRESSES.Treasury, "owner")).to.equal(timelock);
    expect(await address(PREDEPLOY_ADDRESSES.TechnicalCouncil, "owner")).to.equal(timelock);
    expect(await address(PREDEPLOY_ADDRESSES.FeeSplitter, "treasury")).to.equal(PREDEPLOY_ADDRESSES.Treasury);
    expect(await address(PREDEPLOY_ADDRESSES.FeeSplitter, "protocolParams")).to.equal(PREDEPLOY_ADDRESSES.ProtocolParams);
    // Genesis stakes and council seats count as votes at once.
    for (const { address: staker, stake } of settings.governance.stakers) {
      expect(await read(PREDEPLOY_ADDRESSES.StakedLAT, "getVotes", [staker])).to.equal(stake);
    }
    for (const member of settings.governance.council) expect(await read(PREDEPLOY_ADDRESSES.TechnicalCouncil, "isMember", [member])).to.equal(true);
    expect(await read(PREDEPLOY_ADDRESSES.ProviderStaking, "hasRole", [id("citrate.role.SLASHER"), PREDEPLOY_ADDRESSES.InferenceRouter])).to.equal(true);
    // The AI contracts' implementations were built to call this chain's own precompiles.
    for (const name of ["ModelRegistry", "InferenceRouter", "LoRAFactory"] as const) {
      expect(await address(PREDEPLOY_ADDRESSES[name], "modelPrecompile")).to.equal(MODEL_PRECOMPILE_ADDRESS);
    }
    expect(await address(PREDEPLOY_ADDRESSES.ModelRegistry, "artifactPrecompile")).to.equal(ARTIFACT_PRECOMPILE_ADDRESS);
    expect(Object.keys(protocolContracts(set))).to.have.members(Object.keys(PREDEPLOY_ADDRESSES));
  });

  it("cannot be initialised a second time by anyone", async function () {
    const { call } = await devNodeWith(protocolPredeploys(artifacts, settings));
    const again = await call(PREDEPLOY_ADDRESSES.Treasury, "initialize", [devAccounts()[1].address]);
    expect(again.error).to.equal("revert");
  });

  it("gives the same genesis on every build (the state root is a function of the artifacts and options)", async function () {
    const a = await devNodeWith(protocolPredeploys(artifacts, settings));
    const b = await devNodeWith(protocolPredeploys(artifacts, settings));
    const c = await devNodeWith(protocolPredeploys(artifacts, devProtocolSettings(50)));
    expect(a.stateRoot).to.equal(b.stateRoot);
    expect(c.stateRoot).to.not.equal(a.stateRoot);
  });

  it("names the contract and the reason when an initialiser reverts, and refuses missing artifacts and unfit constructor arguments", async function () {
    const set = protocolPredeploys(artifacts, devProtocolSettings(0));
    let failure: unknown;
    try {
      await devNodeWith(set);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(PredeployInstallError);
    expect((failure as Error).message).to.match(/^ProtocolParams: initialize failed \(revert\)/);
    expect(() => new ArtifactDirectory("no-such-dir").read("contracts/economics/Treasury.sol", "Treasury")).to.throw(PredeployArtifactError, /npm run build/);
    const registry = artifacts.read("contracts/ai/ModelRegistry.sol", "ModelRegistry");
    expect(() => ArtifactDirectory.creationCode(registry, [MODEL_PRECOMPILE_ADDRESS])).to.throw(/count/);
  });
});
