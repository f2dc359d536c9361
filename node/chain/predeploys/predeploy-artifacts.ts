import { readFileSync } from "node:fs";
import path from "node:path";
import { concat, Interface, type InterfaceAbi } from "ethers";

/** A compiled contract as Hardhat writes it under `artifacts/`. */
export interface ContractArtifact {
  readonly contractName: string;
  readonly abi: InterfaceAbi;
  readonly bytecode: `0x${string}`;
  readonly deployedBytecode: `0x${string}`;
}

/** The artifacts are missing or not what a predeploy needs. */
export class PredeployArtifactError extends Error {
  override readonly name = "PredeployArtifactError";
}

/** Reads compiled contracts from a Hardhat `artifacts/` directory. */
export class ArtifactDirectory {
  constructor(readonly root: string) {}

  /** The artifact of `sourceName` (e.g. `contracts/economics/Treasury.sol`) and `contractName`. */
  read(sourceName: string, contractName: string): ContractArtifact {
    const file = path.join(this.root, sourceName, `${contractName}.json`);
    let artifact: ContractArtifact & { linkReferences?: Record<string, unknown> };
    try {
      artifact = JSON.parse(readFileSync(file, "utf8")) as typeof artifact;
    } catch (error) {
      throw new PredeployArtifactError(`cannot read the artifact of ${contractName} at ${file} (run \`npm run build\`): ${(error as Error).message}`);
    }
    if (!/^0x[0-9a-f]+$/i.test(artifact.bytecode) || artifact.bytecode.length <= 2) {
      throw new PredeployArtifactError(`${contractName} has no creation bytecode (an interface or abstract contract?)`);
    }
    if (Object.keys(artifact.linkReferences ?? {}).length > 0) {
      throw new PredeployArtifactError(`${contractName} needs linked libraries; predeploys cannot link`);
    }
    return artifact;
  }

  /**
   * What CREATE runs to build `artifact` with constructor `args`: its creation bytecode followed by the
   * arguments ABI-encoded for its constructor (ethers checks them against the constructor's inputs).
   */
  static creationCode(artifact: ContractArtifact, args: readonly unknown[]): `0x${string}` {
    return concat([artifact.bytecode, new Interface(artifact.abi).encodeDeploy(args)]) as `0x${string}`;
  }

  /** The calldata of `functionName(args)` on `artifact`'s ABI. */
  static encode(artifact: ContractArtifact, functionName: string, args: readonly unknown[]): `0x${string}` {
    return new Interface(artifact.abi).encodeFunctionData(functionName, args) as `0x${string}`;
  }
}
