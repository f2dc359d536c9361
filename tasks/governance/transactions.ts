// Sending the tasks' transactions and turning a revert into a message naming the contract's custom
// error and its arguments (a node answers a failed gas estimate with the raw revert data only).
import { ErrorFragment, Interface, isHexString, type ContractTransactionReceipt, type ContractTransactionResponse, type Result } from "ethers";
import {
  CitrateGovernor__factory,
  CitrateTimelock__factory,
  DAOGovernor__factory,
  GovernanceFactory__factory,
  ProtocolParams__factory,
  TechnicalCouncil__factory,
  Treasury__factory,
} from "../../types/ethers-contracts/index.js";
import { GovernanceTaskError } from "./contracts.js";
import { CLASS_NAMES, STATE_NAMES } from "./names.js";

/** A transaction a task sent was refused by the chain (at estimation or in its block). */
export class TransactionRevertedError extends GovernanceTaskError {
  constructor(
    readonly action: string,
    readonly reason: string,
    parent?: Error,
  ) {
    super(`${action} reverted: ${reason}`, parent);
    this.name = "TransactionRevertedError";
  }
}

/** The custom errors of every contract the tasks call, one fragment per selector. */
const KNOWN_ERRORS = (() => {
  const bySelector = new Map<string, ErrorFragment>();
  for (const contract of [
    CitrateGovernor__factory,
    DAOGovernor__factory,
    CitrateTimelock__factory,
    TechnicalCouncil__factory,
    ProtocolParams__factory,
    Treasury__factory,
    GovernanceFactory__factory,
  ]) {
    for (const fragment of contract.createInterface().fragments) {
      if (fragment instanceof ErrorFragment && !bySelector.has(fragment.selector)) bySelector.set(fragment.selector, fragment);
    }
  }
  return new Interface([...bySelector.values()]);
})();

/** The revert data carried somewhere in a provider or ethers error, if any. */
function revertData(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== "object" || depth > 4) return undefined;
  const record = error as Record<string, unknown>;
  if (typeof record.data === "string" && isHexString(record.data) && record.data.length >= 10) return record.data;
  for (const nested of [record.error, record.info, record.cause, record.parentError]) {
    const found = revertData(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function formatValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

/** Names the set bits of OpenZeppelin's `expectedStates` bitmap. */
function stateSet(bitmap: bigint): string {
  return STATE_NAMES.filter((_, index) => (bitmap >> BigInt(index)) & 1n).join(" or ");
}

/** `Name(arg, …)` for a known custom error, with proposal states and classes by name. */
function describeError(name: string, args: Result): string {
  if (name === "GovernorUnexpectedProposalState") {
    return `proposal ${args[0]} is ${STATE_NAMES[Number(args[1])]}, needs ${stateSet(args[2] as bigint)} (${name})`;
  }
  if (name === "GovernorClassActionMismatch") {
    return `action ${args[1]} (target ${args[2]}, selector ${args[3]}) is not allowed in a ${CLASS_NAMES[Number(args[0])]} proposal (${name})`;
  }
  return `${name}(${[...args].map(formatValue).join(", ")})`;
}

/** Why a call failed: the decoded custom error, the revert string, or the provider's message. */
export function revertReason(error: unknown): string {
  const data = revertData(error);
  if (data !== undefined) {
    const parsed = KNOWN_ERRORS.parseError(data);
    if (parsed !== null) return describeError(parsed.name, parsed.args);
    const standard = Interface.from(["error Error(string)", "error Panic(uint256)"]).parseError(data);
    if (standard !== null) return `${standard.name}(${formatValue(standard.args[0])})`;
    return `unknown error data ${data}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs a view call, reporting a revert as a {@link TransactionRevertedError} for `action`. */
export async function readOrExplain<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new TransactionRevertedError(action, revertReason(error), error instanceof Error ? error : undefined);
  }
}

/** Sends a transaction and waits for its receipt; a refusal or a failed receipt becomes a {@link TransactionRevertedError}. */
export async function transact(action: string, send: () => Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  let receipt: ContractTransactionReceipt | null;
  try {
    receipt = await (await send()).wait();
  } catch (error) {
    throw new TransactionRevertedError(action, revertReason(error), error instanceof Error ? error : undefined);
  }
  if (receipt === null) throw new GovernanceTaskError(`${action}: the node returned no receipt`);
  return receipt;
}
