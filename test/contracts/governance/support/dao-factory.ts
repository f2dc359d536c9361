// Deploys a GovernanceFactory behind an ERC1967 proxy with fresh implementations, as the Ignition
// module and the genesis builder do.
import type { Signer } from "ethers";
import {
  CitrateTimelock__factory,
  DAOGovernor__factory,
  DAOToken__factory,
  GovernanceFactory__factory,
  TestProxy__factory,
  Treasury__factory,
  type GovernanceFactory,
} from "../../../../types/ethers-contracts/index.js";

/** The implementations a GovernanceFactory clones, as `initialize` takes them. */
export interface FactoryImplementations {
  token: string;
  governor: string;
  timelock: string;
  treasury: string;
}

/** Deploys the four implementations and a factory proxy initialised with them. */
export async function deployGovernanceFactory(
  deployer: Signer,
): Promise<{ factory: GovernanceFactory; implementation: GovernanceFactory; implementations: FactoryImplementations }> {
  const implementations: FactoryImplementations = {
    token: await (await new DAOToken__factory(deployer).deploy()).getAddress(),
    governor: await (await new DAOGovernor__factory(deployer).deploy()).getAddress(),
    timelock: await (await new CitrateTimelock__factory(deployer).deploy()).getAddress(),
    treasury: await (await new Treasury__factory(deployer).deploy()).getAddress(),
  };
  const implementation = await new GovernanceFactory__factory(deployer).deploy();
  const proxy = await new TestProxy__factory(deployer).deploy(
    await implementation.getAddress(),
    implementation.interface.encodeFunctionData("initialize", [implementations]),
  );
  return { factory: GovernanceFactory__factory.connect(await proxy.getAddress(), deployer), implementation, implementations };
}
