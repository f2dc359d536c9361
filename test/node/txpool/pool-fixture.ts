import { createCustomCommon, Hardfork, Mainnet, type Common } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import { createAccessList2930Tx, createEOACode7702Tx, createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { concatBytes, createAddressFromString, eoaCode7702SignAuthorization, hexToBytes, intToHex } from "@ethereumjs/util";
import type { ChainSpec } from "../../../node/chain/chain-spec.js";
import { devAccounts, type DevAccount } from "../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../node/chain/dev-chain-spec.js";
import { chainCommon } from "../../../node/execution/common.js";
import type { AccountStateReader, Address } from "../../../node/txpool/account-state-reader.js";
import { TxPool } from "../../../node/txpool/tx-pool.js";
import type { TxPoolLimits } from "../../../node/txpool/tx-pool-limits.js";

export const gwei = 10n ** 9n;
export const ether = 10n ** 18n;
export const spec: ChainSpec = devChainSpec();
export const common: Common = chainCommon(spec);
/** Six dev accounts are enough for every test; deriving them is the slow part of the fixture. */
export const [alice, bob, carol, dave, erin, frank]: DevAccount[] = devAccounts(6);
export const RECIPIENT: Address = "0x00000000000000000000000000000000000000aa";

/** The state at the tip, in memory: every dev account starts with 10,000 LAT and nonce 0. */
export class FakeChainState implements AccountStateReader {
  readonly nonces = new Map<Address, bigint>();
  readonly balances = new Map<Address, bigint>();
  minimumGasPrice = 0n;
  nextBaseFee = gwei;
  gasLimit = spec.blockGasLimit;

  constructor() {
    for (const account of [alice, bob, carol, dave, erin, frank]) this.balances.set(account.address, 10_000n * ether);
  }

  async nonceOf(address: Address): Promise<bigint> {
    return this.nonces.get(address) ?? 0n;
  }

  async balanceOf(address: Address): Promise<bigint> {
    return this.balances.get(address) ?? 0n;
  }

  minGasPrice(): bigint {
    return this.minimumGasPrice;
  }

  baseFee(): bigint {
    return this.nextBaseFee;
  }

  blockGasLimit(): bigint {
    return this.gasLimit;
  }
}

/** A pool over a fresh FakeChainState, with a settable clock. */
export function newPool(limits: Partial<TxPoolLimits> = {}): { pool: TxPool; chain: FakeChainState; clock: { now: number } } {
  const chain = new FakeChainState();
  const clock = { now: 1_000_000 };
  const pool = new TxPool({ common, chainId: spec.chainId, accounts: chain, limits, clock: () => clock.now });
  return { pool, chain, clock };
}

export interface TxFields {
  readonly nonce?: bigint;
  readonly gasLimit?: bigint;
  readonly to?: Address;
  readonly value?: bigint;
  readonly data?: Uint8Array;
  /** Legacy and EIP-2930. */
  readonly gasPrice?: bigint;
  /** EIP-1559 and EIP-7702. */
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
}

function base(fields: TxFields) {
  return {
    nonce: fields.nonce ?? 0n,
    gasLimit: fields.gasLimit ?? 21_000n,
    to: createAddressFromString(fields.to ?? RECIPIENT),
    value: fields.value ?? 1n,
    data: fields.data ?? new Uint8Array(),
  };
}

/** A signed EIP-1559 transaction's bytes (defaults: nonce 0, 21,000 gas, fee cap 10 gwei, tip 1 gwei). */
export function eip1559(signer: DevAccount, fields: TxFields = {}, txCommon: Common = common): Uint8Array {
  return createFeeMarket1559Tx(
    { ...base(fields), maxFeePerGas: fields.maxFeePerGas ?? 10n * gwei, maxPriorityFeePerGas: fields.maxPriorityFeePerGas ?? gwei },
    { common: txCommon },
  )
    .sign(hexToBytes(signer.privateKey))
    .serialize();
}

/** A signed legacy transaction's bytes; EIP-155-protected when `txCommon` is at Spurious Dragon or later. */
export function legacy(signer: DevAccount, fields: TxFields = {}, txCommon: Common = common): Uint8Array {
  return createLegacyTx({ ...base(fields), gasPrice: fields.gasPrice ?? 10n * gwei }, { common: txCommon })
    .sign(hexToBytes(signer.privateKey))
    .serialize();
}

export function eip2930(signer: DevAccount, fields: TxFields = {}): Uint8Array {
  return createAccessList2930Tx(
    { ...base({ gasLimit: 30_000n, ...fields }), gasPrice: fields.gasPrice ?? 10n * gwei, accessList: [{ address: RECIPIENT, storageKeys: [] }] },
    { common },
  )
    .sign(hexToBytes(signer.privateKey))
    .serialize();
}

/** An EIP-7702 transaction delegating the signer's account to RECIPIENT's code (one authorization). */
export function eip7702(signer: DevAccount, fields: TxFields = {}): Uint8Array {
  const authorization = eoaCode7702SignAuthorization(
    { chainId: intToHex(Number(spec.chainId)), address: RECIPIENT, nonce: intToHex(Number((fields.nonce ?? 0n) + 1n)) },
    hexToBytes(signer.privateKey),
  );
  return createEOACode7702Tx(
    {
      ...base({ gasLimit: 100_000n, ...fields }),
      maxFeePerGas: fields.maxFeePerGas ?? 10n * gwei,
      maxPriorityFeePerGas: fields.maxPriorityFeePerGas ?? gwei,
      authorizationList: [authorization],
    },
    { common },
  )
    .sign(hexToBytes(signer.privateKey))
    .serialize();
}

/** A common for another chain id (transactions signed with it are for the wrong chain). */
export function commonForChain(chainId: bigint): Common {
  return chainCommon({ ...spec, chainId });
}

/** A Homestead common: legacy transactions signed with it carry v = 27/28 (no EIP-155 replay protection). */
export function homesteadCommon(): Common {
  return createCustomCommon({ chainId: Number(spec.chainId) }, Mainnet, { hardfork: Hardfork.Homestead });
}

/** The RLP fields of a typed transaction, for tests that tamper with them. */
export function typedFields(raw: Uint8Array): Uint8Array[] {
  return RLP.decode(raw.subarray(1)) as Uint8Array[];
}

/** A typed transaction's bytes from its (possibly tampered) RLP fields. */
export function typedEncoding(type: number, fields: readonly (Uint8Array | Uint8Array[] | Uint8Array[][])[]): Uint8Array {
  return concatBytes(Uint8Array.of(type), RLP.encode(fields as Uint8Array[]));
}

/** Adds and returns the error it rejected with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, the promise resolved");
}
