import type { EVM } from "@ethereumjs/evm";
import type { Common } from "@ethereumjs/common";
import type { MerkleStateManager } from "@ethereumjs/statemanager";
import { createVM } from "@ethereumjs/vm";
import { Account, bytesToHex, createAddressFromString, hexToBytes, setLengthLeft, type Address } from "@ethereumjs/util";
import { ErrorDescription, getCreateAddress, Interface } from "ethers";
import { GENESIS_DEPLOYER, type PredeploySet } from "./predeploy.js";

/** EIP-1967's implementation slot: `bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)`. */
const ERC1967_IMPLEMENTATION_SLOT = hexToBytes("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc");
/** Generous: genesis set-up is not metered by any block. */
const SETUP_GAS = 1_000_000_000n;
const ERROR_STRING = new Interface(["error Error(string)"]);

/** A predeploy could not be installed: its constructor or initialiser failed. */
export class PredeployInstallError extends Error {
  override readonly name = "PredeployInstallError";
}

/** What genesis installed for one predeploy. */
export interface InstalledPredeploy {
  readonly name: string;
  readonly address: `0x${string}`;
  readonly implementation: `0x${string}`;
}

/**
 * Installs `set` into the genesis `state`: for each contract, creates its implementation (from
 * GENESIS_DEPLOYER, so addresses follow from the order), puts the proxy code at the fixed address
 * pointing at it, and runs `initialize` through the proxy. Real execution, so storage is exactly
 * what the contracts write; nothing is copied by hand.
 */
export async function installPredeploys(state: MerkleStateManager, common: Common, set: PredeploySet): Promise<InstalledPredeploy[]> {
  const vm = await createVM({ common, stateManager: state });
  const evm = vm.evm as EVM;
  const deployer = createAddressFromString(GENESIS_DEPLOYER);
  const installed: InstalledPredeploy[] = [];
  const create = async (name: string, creationCode: `0x${string}`): Promise<Address> => {
    const deployerAccount = (await state.getAccount(deployer)) ?? new Account();
    const created = await evm.runCall({ caller: deployer, data: hexToBytes(creationCode), gasLimit: SETUP_GAS });
    failOn(name, "constructor", created.execResult.exceptionError?.error, created.execResult.returnValue);
    if (created.createdAddress === undefined) throw new PredeployInstallError(`${name}: the contract was not created`);
    // runCall outside a transaction does not bump the creator's nonce; the next CREATE needs it.
    await state.putAccount(deployer, new Account(deployerAccount.nonce + 1n, deployerAccount.balance));
    return created.createdAddress;
  };
  for (const [index, implementation] of (set.implementations ?? []).entries()) {
    const address = await create(implementation.name, implementation.creationCode);
    const expected = genesisImplementationAddress(index);
    if (address.toString() !== expected) throw new PredeployInstallError(`${implementation.name}: created at ${address.toString()}, expected ${expected}`);
  }
  for (const predeploy of set.contracts) {
    const implementation = await create(predeploy.name, predeploy.creationCode);

    const proxy = createAddressFromString(predeploy.address);
    await state.putAccount(proxy, new Account(1n, 0n));
    await state.putCode(proxy, hexToBytes(set.proxyRuntimeCode));
    await state.putStorage(proxy, ERC1967_IMPLEMENTATION_SLOT, setLengthLeft(implementation.bytes, 32));
    // Outside a transaction: no nonce moves (genesis calls are not transactions of their senders).
    const initialized = await evm.runCall({ caller: deployer, to: proxy, data: hexToBytes(predeploy.initializeData), gasLimit: SETUP_GAS, skipNonceIncrement: true });
    failOn(predeploy.name, "initialize", initialized.execResult.exceptionError?.error, initialized.execResult.returnValue);
    installed.push({ name: predeploy.name, address: predeploy.address, implementation: implementation.toString() });
  }
  for (const [address, amount] of set.credits ?? []) {
    const key = createAddressFromString(address);
    const account = (await state.getAccount(key)) ?? new Account();
    await state.putAccount(key, new Account(account.nonce, account.balance + amount, account.storageRoot, account.codeHash));
  }
  for (const call of set.calls ?? []) {
    const result = await evm.runCall({ caller: createAddressFromString(call.from), to: createAddressFromString(call.to), data: hexToBytes(call.data), value: call.value, gasLimit: SETUP_GAS, skipNonceIncrement: true });
    failOn(call.description, "genesis call", result.execResult.exceptionError?.error, result.execResult.returnValue);
  }
  return installed;
}

/** The address of the `index`-th genesis implementation (GENESIS_DEPLOYER's `index`-th CREATE). */
export function genesisImplementationAddress(index: number): `0x${string}` {
  return getCreateAddress({ from: GENESIS_DEPLOYER, nonce: index }).toLowerCase() as `0x${string}`;
}

function failOn(name: string, step: string, error: string | undefined, returned: Uint8Array): void {
  if (error === undefined) return;
  throw new PredeployInstallError(`${name}: ${step} failed (${error})${revertReason(returned)}`);
}

function revertReason(returned: Uint8Array): string {
  if (returned.length === 0) return "";
  const data = bytesToHex(returned);
  const decoded = parseErrorString(data);
  return decoded === undefined ? `: revert data ${data}` : `: ${decoded}`;
}

function parseErrorString(data: string): string | undefined {
  try {
    const decoded: ErrorDescription | null = ERROR_STRING.parseError(data);
    return decoded === null ? undefined : String(decoded.args[0]);
  } catch {
    return undefined;
  }
}
