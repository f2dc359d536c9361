import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { devParamSpecs } from "../protocol-parameters.js";

/**
 * The economy's base contracts, each behind an ERC-1967 proxy and initialised in the proxy's
 * constructor (so no one can front-run `initialize`): ProtocolParams (parameter table of
 * deploy/protocol-parameters.ts), Treasury and FeeSplitter. Parameters: `owner` (default: the
 * deployer; the Timelock once governance lands) and `epochLength` in blocks (default 100).
 */
export default buildModule("CitrateEconomy", (m) => {
  const owner = m.getParameter("owner", m.getAccount(0));
  const epochLength = m.getParameter("epochLength", 100n);
  // Plain objects: Ignition's argument type has an index signature an interface does not satisfy.
  const initialParams = devParamSpecs().map((spec) => ({ ...spec }));

  const paramsImplementation = m.contract("ProtocolParams", [], { id: "ProtocolParamsImplementation" });
  const paramsProxy = m.contract(
    "ERC1967Proxy",
    [paramsImplementation, m.encodeFunctionCall(paramsImplementation, "initialize", [owner, epochLength, initialParams])],
    { id: "ProtocolParamsProxy" },
  );
  const protocolParams = m.contractAt("ProtocolParams", paramsProxy, { id: "ProtocolParams" });

  const treasuryImplementation = m.contract("Treasury", [], { id: "TreasuryImplementation" });
  const treasuryProxy = m.contract(
    "ERC1967Proxy",
    [treasuryImplementation, m.encodeFunctionCall(treasuryImplementation, "initialize", [owner])],
    { id: "TreasuryProxy" },
  );
  const treasury = m.contractAt("Treasury", treasuryProxy, { id: "Treasury" });

  const splitterImplementation = m.contract("FeeSplitter", [], { id: "FeeSplitterImplementation" });
  const splitterProxy = m.contract(
    "ERC1967Proxy",
    [splitterImplementation, m.encodeFunctionCall(splitterImplementation, "initialize", [protocolParams, treasury])],
    { id: "FeeSplitterProxy" },
  );
  const feeSplitter = m.contractAt("FeeSplitter", splitterProxy, { id: "FeeSplitter" });

  return { protocolParams, treasury, feeSplitter };
});
