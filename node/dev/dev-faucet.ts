import { bytesToHex } from "@ethereumjs/util";
import { getBytes, Transaction } from "ethers";
import type { ProduceBlock } from "../producer/block-producer.js";
import type { DevSigner, Keyring } from "./dev-keyring.js";

type Hex = `0x${string}`;

/** A balance that cannot be set exactly (an account the node holds no key for, a balance that moved). */
export class SetBalanceError extends Error {
  override readonly name = "SetBalanceError";
}

/** What the faucet reads and drives: the head's state, the pool, and the producer to itself. */
export interface FaucetChain {
  readonly chainId: bigint;
  /** The next block's base fee. */
  nextBaseFee(): bigint;
  balanceAtHead(address: Hex): Promise<bigint>;
  /** The next nonce of `address`, counting what the pool holds. */
  pendingNonce(address: Hex): Promise<bigint>;
  /** Adds a signed transaction to the pool (no automine: the faucet mines it itself). */
  addToPool(raw: Uint8Array): Promise<Hex>;
  readonly producer: { exclusive<T>(work: (produce: ProduceBlock) => Promise<T>): Promise<T> };
}

/** Gas of a plain transfer to an account without code: what lowering a balance costs, exactly. */
const TRANSFER_GAS = 21_000n;
/** Enough for the raising transaction (creation 53,000 + init code + SELFDESTRUCT to a new account 30,000). */
const RAISE_GAS = 100_000n;

/**
 * Init code that sends everything it was created with to `to` and leaves no account behind:
 * `PUSH20 to; SELFDESTRUCT`. SELFDESTRUCT (EIP-6780: in the creating transaction it still deletes)
 * credits `to` without running its code, so it works for contracts that refuse plain transfers.
 */
function forwardingInitCode(to: Hex): Hex {
  return `0x73${to.slice(2)}ff`;
}

/**
 * hardhat_setBalance on a verifiable chain: a balance only changes through real transactions in
 * real blocks, mined at once with nothing else mined in between.
 *
 * - Raising: the dev faucet (funded at genesis, its key held by the node only) sends the
 *   difference with a creation transaction that SELFDESTRUCTs to the account; the faucet pays the gas.
 * - Lowering: only for accounts the node holds a key for (the dev keyring): the account sends the
 *   excess, less the transfer's gas (21,000 × a legacy gas price the node picks), to the faucet. An
 *   excess smaller than that gas is first raised by it, so the result is still exact.
 *
 * The balance is read back afterwards; if anything else in those blocks moved it (block rewards
 * for the proposer, the account's own pooled transactions), it says so instead of claiming success.
 */
export class DevFaucet {
  constructor(
    private readonly chain: FaucetChain,
    private readonly faucet: DevSigner,
    private readonly keyring: Keyring,
    /** The priority fee the faucet's and the lowering account's transactions pay (the pool's suggested tip). */
    private readonly tip: bigint,
  ) {}

  get address(): Hex {
    return this.faucet.address;
  }

  /** Sets the balance of `address` (lower case) to exactly `balance` wei; mines one or two blocks, or none when it already is. */
  async setBalance(address: Hex, balance: bigint): Promise<void> {
    if (address === this.faucet.address) throw new SetBalanceError("the dev faucet's own balance cannot be set: it pays for setting the others");
    const owner = this.keyring.signer(address);
    await this.chain.producer.exclusive(async (produce) => {
      const current = await this.chain.balanceAtHead(address);
      if (balance === current) return;
      if (balance > current) {
        await this.raise(produce, address, balance - current);
      } else {
        if (owner === undefined) {
          throw new SetBalanceError(
            `cannot lower the balance of ${address}: the node holds no key for it, and on a verifiable chain only its owner's transaction can take value away`,
          );
        }
        let excess = current - balance;
        if (excess < TRANSFER_GAS * this.gasPrice()) {
          // The raise is mined first and may lift the base fee (by 1/8 at most): cover that too.
          const raised = TRANSFER_GAS * (this.gasPrice() + maxBaseFeeRise(this.chain.nextBaseFee()));
          await this.raise(produce, address, raised);
          excess += raised;
        }
        const gasPrice = this.gasPrice();
        await this.lower(produce, owner, excess - TRANSFER_GAS * gasPrice, gasPrice);
      }
      const after = await this.chain.balanceAtHead(address);
      if (after !== balance) {
        throw new SetBalanceError(
          `the balance of ${address} is ${after} wei, not ${balance}: something else in the block moved it (block rewards, the account's own pending transactions)`,
        );
      }
    });
  }

  /** A legacy gas price every next block accepts: the next base fee plus the tip. */
  private gasPrice(): bigint {
    return this.chain.nextBaseFee() + this.tip;
  }

  private async raise(produce: ProduceBlock, to: Hex, value: bigint): Promise<void> {
    const faucetBalance = await this.chain.balanceAtHead(this.faucet.address);
    const gasPrice = this.gasPrice();
    if (faucetBalance < value + RAISE_GAS * gasPrice) {
      throw new SetBalanceError(`the dev faucet holds ${faucetBalance} wei, too little to add ${value} wei to ${to}`);
    }
    await this.mine(produce, this.faucet, { to: null, value, data: forwardingInitCode(to), gasLimit: RAISE_GAS, gasPrice });
  }

  private async lower(produce: ProduceBlock, owner: DevSigner, value: bigint, gasPrice: bigint): Promise<void> {
    await this.mine(produce, owner, { to: this.faucet.address, value, data: "0x", gasLimit: TRANSFER_GAS, gasPrice });
  }

  /** Signs, pools and mines one transaction; fails unless the block holds it. */
  private async mine(
    produce: ProduceBlock,
    signer: DevSigner,
    tx: { to: Hex | null; value: bigint; data: Hex; gasLimit: bigint; gasPrice: bigint },
  ): Promise<void> {
    const nonce = await this.chain.pendingNonce(signer.address);
    const signed = await signer.signTransaction({ type: 0, chainId: this.chain.chainId, nonce: Number(nonce), ...tx });
    const hash = Transaction.from(signed).hash as Hex;
    try {
      await this.chain.addToPool(getBytes(signed));
    } catch (error) {
      throw new SetBalanceError(`the pool refused the balance transaction: ${(error as Error).message}`, { cause: error });
    }
    const { block } = await produce();
    const included = block.outcome.executed.find((e) => e.includedIn === null && bytesToHex(e.transaction.hash()) === hash);
    if (included === undefined) throw new SetBalanceError(`the balance transaction ${hash} was not mined in block ${block.header.number}`);
    if (!("status" in included.receipt) || included.receipt.status !== 1) throw new SetBalanceError(`the balance transaction ${hash} failed in block ${block.header.number}`);
  }
}

/** The most the base fee can rise from the next block to the one after (EIP-1559: 1/8, at least 1 wei). */
function maxBaseFeeRise(nextBaseFee: bigint): bigint {
  return nextBaseFee / 8n + 1n;
}
