// The RPC benchmark's workload, identical for every node: untimed set-up (deploy TestERC20, fund the
// senders with ETH and tokens), local pre-signing, then two timed phases (ETH transfers, ERC-20
// transfers), each from eth_sendRawTransaction of the first transaction until every receipt exists.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress, getCreateAddress, id, Interface, keccak256, Wallet } from "ethers";
import { devAccounts } from "../node/chain/dev-accounts.js";
import { RpcClient, type RpcRequest } from "./rpc-client.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ARTIFACT = path.join(repoRoot, "artifacts/contracts/test/TestERC20.sol/TestERC20.json");

/** The fee caps of every transaction: far above both dev chains' base fees (1 gwei at genesis). */
const MAX_FEE_PER_GAS = 50_000_000_000n;
const MAX_PRIORITY_FEE_PER_GAS = 1_000_000_000n;
const TRANSFER_GAS = 21_000n;
const DEPLOY_GAS = 2_000_000n;
const MINT_GAS = 150_000n;
/** ETH each sender beyond the 20 funded dev accounts receives (untimed). */
const EXTRA_SENDER_FUNDING = 10n ** 19n;
const TOKENS_PER_SENDER = 10n ** 18n;
const RECIPIENTS = 100;
/** Citrate's pool, like geth's, holds at most 64 transactions per sender (pending + queued). */
export const MAX_PER_SENDER = 64;

export interface WorkloadOptions {
  readonly transfers: number;
  readonly erc20: number;
  readonly senders: number;
  /** Requests per JSON-RPC batch, for sending and for polling receipts. */
  readonly batch: number;
  /** Longest wait for one phase's receipts. */
  readonly phaseTimeoutMs: number;
  readonly log: (line: string) => void;
}

export interface PhaseResult {
  readonly transactions: number;
  /** First send to last receipt. */
  readonly seconds: number;
  /** First send to last eth_sendRawTransaction answer. */
  readonly sendSeconds: number;
  readonly blocks: number;
  readonly gasUsed: bigint;
}

export interface WorkloadResult {
  readonly chainId: bigint;
  readonly setupSeconds: number;
  readonly signSeconds: number;
  readonly eth: PhaseResult;
  readonly erc20: PhaseResult;
}

interface Receipt {
  status: string;
  blockNumber: string;
  gasUsed: string;
}

const erc20 = new Interface([
  "function mint(address to, uint256 amount)",
  "function transfer(address to, uint256 value) returns (bool)",
  "function balanceOf(address) view returns (uint256)",
]);

function loadBytecode(): string {
  try {
    return (JSON.parse(readFileSync(ARTIFACT, "utf8")) as { bytecode: string }).bytecode;
  } catch {
    throw new Error(`${path.relative(repoRoot, ARTIFACT)} not found: run \`npm run build\` first`);
  }
}

const seconds = (from: number, to: number): number => (to - from) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends raw transactions in batches, one batch in flight (each batch in nonce order); checks every hash. */
async function sendAll(client: RpcClient, raws: readonly string[], hashes: readonly string[], batch: number): Promise<void> {
  for (let start = 0; start < raws.length; start += batch) {
    const slice = raws.slice(start, start + batch);
    const outcomes = await client.batch(slice.map((raw) => ({ method: "eth_sendRawTransaction", params: [raw] })));
    outcomes.forEach((outcome, i) => {
      if (!outcome.ok) throw new Error(`eth_sendRawTransaction #${start + i} refused: ${outcome.error.message}`);
      if (outcome.result !== hashes[start + i]) {
        throw new Error(`eth_sendRawTransaction #${start + i} answered ${String(outcome.result)}, expected ${hashes[start + i]}`);
      }
    });
  }
}

/**
 * Polls eth_getTransactionReceipt (batched) until every hash has a receipt. Oldest first: a batch
 * that comes back complete is followed at once by the next; one with a missing receipt ends the
 * round, which starts again from the oldest pending after a 10 ms pause (so the poller does not
 * compete with the node for the CPU more than it must).
 */
async function waitForReceipts(
  client: RpcClient,
  hashes: readonly string[],
  batch: number,
  timeoutMs: number,
): Promise<Map<string, Receipt>> {
  const receipts = new Map<string, Receipt>();
  let pending = [...hashes];
  const deadline = performance.now() + timeoutMs;
  while (pending.length > 0) {
    for (let start = 0; start < pending.length; start += batch) {
      const slice = pending.slice(start, start + batch);
      const requests = slice.map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] }));
      const results = await client.batchResults<Receipt | null>(requests);
      results.forEach((receipt, i) => receipt !== null && receipts.set(slice[i], receipt));
      if (results.includes(null)) break;
    }
    pending = pending.filter((hash) => !receipts.has(hash));
    if (pending.length === 0) break;
    if (performance.now() > deadline) {
      throw new Error(`${pending.length} of ${hashes.length} receipts still missing after ${timeoutMs / 1000} s`);
    }
    await sleep(10);
  }
  return receipts;
}

function checkReceipts(what: string, hashes: readonly string[], receipts: Map<string, Receipt>): { blocks: Set<string>; gasUsed: bigint } {
  const blocks = new Set<string>();
  let gasUsed = 0n;
  for (const hash of hashes) {
    const receipt = receipts.get(hash) as Receipt;
    if (receipt.status !== "0x1") throw new Error(`${what}: transaction ${hash} failed (status ${receipt.status})`);
    blocks.add(receipt.blockNumber);
    gasUsed += BigInt(receipt.gasUsed);
  }
  return { blocks, gasUsed };
}

/** Untimed: sends, waits, checks status 1. */
async function sendAndConfirm(client: RpcClient, what: string, raws: readonly string[], batch: number, timeoutMs: number): Promise<void> {
  const hashes = raws.map((raw) => keccak256(raw));
  await sendAll(client, raws, hashes, batch);
  checkReceipts(what, hashes, await waitForReceipts(client, hashes, batch, timeoutMs));
}

async function timedPhase(client: RpcClient, raws: readonly string[], options: WorkloadOptions): Promise<PhaseResult> {
  const hashes = raws.map((raw) => keccak256(raw)); // a typed transaction's hash is keccak256 of its envelope
  const start = performance.now();
  await sendAll(client, raws, hashes, options.batch);
  const sent = performance.now();
  const receipts = await waitForReceipts(client, hashes, options.batch, options.phaseTimeoutMs);
  const done = performance.now();
  const { blocks, gasUsed } = checkReceipts("timed phase", hashes, receipts);
  return { transactions: raws.length, seconds: seconds(start, done), sendSeconds: seconds(start, sent), blocks: blocks.size, gasUsed };
}

/** Deterministic fresh addresses the transfers go to (the same on every node). */
function recipients(): string[] {
  return Array.from({ length: RECIPIENTS }, (_, i) => getAddress(`0x${id(`citrate-bench-recipient-${i}`).slice(-40)}`));
}

/** Runs the whole workload against the node at `url`. */
export async function runWorkload(url: string, options: WorkloadOptions): Promise<WorkloadResult> {
  const perSender = Math.max(Math.ceil(options.transfers / options.senders), Math.ceil(options.erc20 / options.senders));
  if (perSender > MAX_PER_SENDER) {
    throw new Error(
      `${perSender} transactions per sender in one phase: more than the ${MAX_PER_SENDER} a pool holds per sender; use more --senders`,
    );
  }
  // Senders with fewer ETH transfers than the others would leave a nonce gap before their ERC-20 transfers.
  if (options.transfers % options.senders !== 0) throw new Error("--transfers must be a multiple of --senders");
  const client = new RpcClient(url);
  const chainId = BigInt(await client.call<string>("eth_chainId"));
  const wallets = devAccounts(Math.max(options.senders, 20)).map((account) => new Wallet(account.privateKey));
  const senders = wallets.slice(0, options.senders);
  const deployer = wallets[0];
  const to = recipients();
  const base = { type: 2, chainId, maxFeePerGas: MAX_FEE_PER_GAS, maxPriorityFeePerGas: MAX_PRIORITY_FEE_PER_GAS };
  const nonces = async (addresses: readonly string[]): Promise<number[]> =>
    (await client.batchResults<string>(addresses.map((a) => ({ method: "eth_getTransactionCount", params: [a, "latest"] })))).map(Number);

  // --- set-up, untimed: deploy the token; fund senders 20.. with ETH (from the dev accounts); mint tokens to every sender.
  const setupStart = performance.now();
  const funded = wallets.slice(0, 20);
  const fundedNonces = await nonces(funded.map((w) => w.address));
  const nextNonce = new Map(funded.map((w, i) => [w.address, fundedNonces[i]]));
  const take = (wallet: Wallet): number => {
    const nonce = nextNonce.get(wallet.address) as number;
    nextNonce.set(wallet.address, nonce + 1);
    return nonce;
  };
  const deployNonce = take(deployer);
  const token = getCreateAddress({ from: deployer.address, nonce: deployNonce });
  const deploy = await deployer.signTransaction({ ...base, nonce: deployNonce, gasLimit: DEPLOY_GAS, data: loadBytecode() });
  await sendAndConfirm(client, "deploy TestERC20", [deploy], options.batch, options.phaseTimeoutMs);
  const setup: string[] = [];
  for (let i = 20; i < senders.length; i++) {
    const from = funded[i % 20];
    const funding = { nonce: take(from), gasLimit: TRANSFER_GAS, to: senders[i].address, value: EXTRA_SENDER_FUNDING };
    setup.push(await from.signTransaction({ ...base, ...funding }));
  }
  for (const sender of senders) {
    const data = erc20.encodeFunctionData("mint", [sender.address, TOKENS_PER_SENDER]);
    setup.push(await deployer.signTransaction({ ...base, nonce: take(deployer), gasLimit: MINT_GAS, to: token, data }));
  }
  await sendAndConfirm(client, "fund senders", setup, options.batch, options.phaseTimeoutMs);
  // The ERC-20 transfers' gas limit: the node's own estimate for a transfer to a fresh holder, plus 25%.
  const estimate = BigInt(
    await client.call<string>("eth_estimateGas", [
      { from: senders[0].address, to: token, data: erc20.encodeFunctionData("transfer", [to[0], 1n]) },
    ]),
  );
  const erc20Gas = (estimate * 5n) / 4n;
  const setupSeconds = seconds(setupStart, performance.now());

  // --- pre-signing, untimed but reported: round-robin over the senders, so every batch is in nonce order.
  const signStart = performance.now();
  const start = await nonces(senders.map((s) => s.address));
  type Fields = { to: string; value: bigint; data: string; gasLimit: bigint };
  const signPhase = async (count: number, offset: number, make: (k: number) => Fields): Promise<string[]> => {
    const raws: string[] = [];
    for (let k = 0; k < count; k++) {
      const s = k % senders.length;
      const nonce = start[s] + offset + Math.floor(k / senders.length);
      raws.push(await senders[s].signTransaction({ ...base, nonce, ...make(k) }));
    }
    return raws;
  };
  const ethRaws = await signPhase(options.transfers, 0, (k) => ({
    to: to[k % RECIPIENTS],
    value: 1_000_000_000n,
    data: "0x",
    gasLimit: TRANSFER_GAS,
  }));
  const ethPerSender = Math.ceil(options.transfers / senders.length);
  const erc20Raws = await signPhase(options.erc20, ethPerSender, (k) => ({
    to: token,
    value: 0n,
    data: erc20.encodeFunctionData("transfer", [to[k % RECIPIENTS], 1n]),
    gasLimit: erc20Gas,
  }));
  const signSeconds = seconds(signStart, performance.now());

  // --- timed.
  await client.ready();
  options.log(`  ${options.transfers} ETH transfers...`);
  const eth = await timedPhase(client, ethRaws, options);
  options.log(`  ${options.erc20} ERC-20 transfers...`);
  const tokens = await timedPhase(client, erc20Raws, options);

  // --- check the token moved as it should: the recipients hold exactly one unit per transfer.
  const balances = await client.batchResults<string>(
    to.map((address): RpcRequest => {
      const call = { to: token, data: erc20.encodeFunctionData("balanceOf", [address]) };
      return { method: "eth_call", params: [call, "latest"] };
    }),
  );
  const received = balances.reduce((sum, hex) => sum + BigInt(hex), 0n);
  if (received !== BigInt(options.erc20)) throw new Error(`recipients hold ${received} token units, expected ${options.erc20}`);

  return { chainId, setupSeconds, signSeconds, eth, erc20: tokens };
}
