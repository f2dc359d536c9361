import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { id, type Interface } from "ethers";
import { artifacts } from "hardhat";
import {
  IArtifactPrecompile__factory,
  IModelPrecompile__factory,
} from "../../types/ethers-contracts/index.js";

// The precompile interfaces are what the node's handlers (precompiles/) decode against and what
// contracts call, so their selectors are pinned here against hand-written canonical signatures.

interface Expected {
  signature: string;
  outputs: string[];
  view: boolean;
  payable?: boolean;
}

const MODEL: Record<string, Expected> = {
  registerModel: { signature: "registerModel(bytes32,string)", outputs: [], view: false },
  updateModel: { signature: "updateModel(bytes32,bytes32,string)", outputs: [], view: false },
  executeInference: { signature: "executeInference(bytes32,bytes)", outputs: ["bytes"], view: false },
  verifyInference: {
    signature: "verifyInference(bytes32,bytes,bytes,uint32)",
    outputs: ["bool"],
    view: false,
  },
  modelInfo: {
    signature: "modelInfo(bytes32)",
    outputs: ["string", "uint64", "bytes", "bytes"],
    view: true,
  },
};

const ARTIFACT: Record<string, Expected> = {
  pin: { signature: "pin(string,uint32)", outputs: [], view: false, payable: true },
  pinFee: { signature: "pinFee()", outputs: ["uint256"], view: true },
  status: { signature: "status(string)", outputs: ["uint8", "uint32", "uint32"], view: true },
  replicate: { signature: "replicate(string,address)", outputs: [], view: false },
  unpin: { signature: "unpin(string)", outputs: [], view: false },
  confirm: { signature: "confirm(string)", outputs: [], view: false },
};

function checkInterface(iface: Interface, expected: Record<string, Expected>): void {
  const names: string[] = [];
  iface.forEachFunction((fn) => names.push(fn.name));
  expect(names.sort()).to.deep.equal(Object.keys(expected).sort());

  for (const [name, want] of Object.entries(expected)) {
    const fn = iface.getFunction(name);
    expect(fn, name).to.not.equal(null);
    if (fn === null) continue;
    expect(fn.format("sighash"), name).to.equal(want.signature);
    expect(fn.selector, name).to.equal(id(want.signature).slice(0, 10));
    expect(
      fn.outputs.map((o) => o.type),
      name,
    ).to.deep.equal(want.outputs);
    expect(fn.stateMutability, name).to.equal(want.view ? "view" : want.payable === true ? "payable" : "nonpayable");
  }
}

/** File-level constants of a compiled source, read from the solc AST in the build info. */
async function fileConstants(contractName: string): Promise<Map<string, string>> {
  const artifact = await artifacts.readArtifact(contractName);
  const outputPath = await artifacts.getBuildInfoOutputPath(artifact.buildInfoId ?? "");
  if (outputPath === undefined) throw new Error(`no build info output for ${contractName}`);
  const buildInfo = JSON.parse(await readFile(outputPath, "utf8")) as {
    output: { sources: Record<string, { ast: { nodes: AstNode[] } }> };
  };
  const source = buildInfo.output.sources[artifact.inputSourceName ?? ""];
  if (source === undefined) throw new Error(`no AST for ${contractName}`);
  const constants = new Map<string, string>();
  for (const node of source.ast.nodes) {
    if (node.nodeType === "VariableDeclaration" && node.constant === true && node.value?.value !== undefined) {
      constants.set(node.name ?? "", node.value.value);
    }
  }
  return constants;
}

interface AstNode {
  nodeType: string;
  name?: string;
  constant?: boolean;
  value?: { value?: string };
}

describe("precompile interfaces", function () {
  it("IModelPrecompile has exactly the MODEL functions and selectors", function () {
    checkInterface(IModelPrecompile__factory.createInterface(), MODEL);
  });

  it("IArtifactPrecompile has exactly the ARTIFACT functions and selectors", function () {
    checkInterface(IArtifactPrecompile__factory.createInterface(), ARTIFACT);
  });

  it("declares the precompile addresses and artifact states as file-level constants", async function () {
    const model = await fileConstants("IModelPrecompile");
    expect(model.get("MODEL_PRECOMPILE")).to.equal("0x0000000000000000000000000000000000001000");

    const artifact = await fileConstants("IArtifactPrecompile");
    expect(artifact.get("ARTIFACT_PRECOMPILE")).to.equal("0x0000000000000000000000000000000000001002");
    expect(artifact.get("ARTIFACT_STATE_NONE")).to.equal("0");
    expect(artifact.get("ARTIFACT_STATE_PENDING")).to.equal("1");
    expect(artifact.get("ARTIFACT_STATE_PINNED")).to.equal("2");
  });
});
