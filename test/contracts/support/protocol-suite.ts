// Deploys ProtocolParams, Treasury and FeeSplitter the way the Ignition modules and the genesis builder
// do: each implementation behind an ERC1967 proxy, initialised through the proxy's constructor calldata.
// The parameter table itself is deploy/protocol-parameters.ts.
import { id, keccak256, toBeHex, type Signer } from "ethers";
import { devParamSpecs, type ParamSpec } from "../../../deploy/protocol-parameters.js";
import {
  FeeSplitter__factory,
  ProtocolParams__factory,
  TestProxy__factory,
  Treasury__factory,
  type FeeSplitter,
  type ProtocolParams,
  type Treasury,
} from "../../../types/ethers-contracts/index.js";

/** Epoch length used by the tests (the dev chain spec uses 100 too). */
export const TEST_EPOCH_LENGTH = 100n;

/** Deploys ProtocolParams behind a proxy; returns the proxy (typed) and the implementation. */
export async function deployProtocolParams(
  deployer: Signer,
  owner: string,
  epochLength: bigint = TEST_EPOCH_LENGTH,
  specs: ParamSpec[] = devParamSpecs(),
): Promise<{ params: ProtocolParams; implementation: ProtocolParams }> {
  const implementation = await new ProtocolParams__factory(deployer).deploy();
  const data = implementation.interface.encodeFunctionData("initialize", [owner, epochLength, specs]);
  const proxy = await new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data);
  return { params: ProtocolParams__factory.connect(await proxy.getAddress(), deployer), implementation };
}

/** Deploys the Treasury behind a proxy; returns the proxy (typed) and the implementation. */
export async function deployTreasury(deployer: Signer, owner: string): Promise<{ treasury: Treasury; implementation: Treasury }> {
  const implementation = await new Treasury__factory(deployer).deploy();
  const data = implementation.interface.encodeFunctionData("initialize", [owner]);
  const proxy = await new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data);
  return { treasury: Treasury__factory.connect(await proxy.getAddress(), deployer), implementation };
}

/** Deploys the FeeSplitter behind a proxy; returns the proxy (typed) and the implementation. */
export async function deployFeeSplitter(
  deployer: Signer,
  protocolParams: string,
  treasury: string,
): Promise<{ splitter: FeeSplitter; implementation: FeeSplitter }> {
  const implementation = await new FeeSplitter__factory(deployer).deploy();
  const data = implementation.interface.encodeFunctionData("initialize", [protocolParams, treasury]);
  const proxy = await new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data);
  return { splitter: FeeSplitter__factory.connect(await proxy.getAddress(), deployer), implementation };
}

/** The ERC-7201 slot of a namespace: keccak256(abi.encode(uint256(keccak256(namespace)) - 1)) & ~0xff. */
export function erc7201Slot(namespace: string): bigint {
  return BigInt(keccak256(toBeHex(BigInt(id(namespace)) - 1n, 32))) & ~0xffn;
}

export { KEY, PARAM_TABLE, devParamSpecs, type ParamRow, type ParamSpec } from "../../../deploy/protocol-parameters.js";
