import { createTxFromRLP } from "@ethereumjs/tx";
import { getBytes, type TransactionLike } from "ethers";
import type { DevSigner } from "../../../dev/dev-keyring.js";
import { formatAccessList } from "../../codec/access-list.js";
import { formatAddress } from "../../codec/address.js";
import { formatData } from "../../codec/data.js";
import { invalidParam } from "../../codec/param-error.js";
import { formatSignedTransaction } from "../../format/transaction.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, required } from "../../method-registry.js";
import { estimateGas, type CallContext } from "../eth/call.js";
import type { FeeContext } from "../eth/fees.js";
import type { PendingNonceContext } from "../eth/state.js";
import type { MempoolContext } from "../eth/transactions.js";
import { signerFor, type DevKeysContext } from "./signing.js";
import { parseTransactionArgs, type SendableType, type TransactionArgs } from "./transaction-args.js";

/** Runs work one at a time per key (a sender's address). */
export interface SenderLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** What eth_signTransaction needs: keys, the chain for estimates and fees, the pending nonce. */
export interface SignTransactionContext extends CallContext, FeeContext, PendingNonceContext, DevKeysContext {
  readonly chainId: bigint;
}

/** What eth_sendTransaction needs beyond signing: the pool, and a lock per sender for its nonces. */
export interface SendTransactionContext extends SignTransactionContext, Pick<MempoolContext, "submitTransaction" | "blocksSettled"> {
  /** Held per sender from reading its pending nonce until the pool has the transaction. */
  readonly senderLock: SenderLock;
}

/** The fee fields of the transaction to sign. */
export type FilledFees =
  | { readonly type: 0 | 1; readonly gasPrice: bigint }
  | { readonly type: 2; readonly maxFeePerGas: bigint; readonly maxPriorityFeePerGas: bigint };

/**
 * The type and fees of a transaction to send, from what the client gave. The type is the given
 * one; else legacy (0x0, or 0x1 with an access list) when `gasPrice` is given; else EIP-1559 (0x2).
 * Defaults: the tip is the suggested tip (capped at a given maxFeePerGas, as Hardhat does); the fee
 * cap is twice the next block's base fee plus the tip (geth's rule: it survives six full blocks);
 * a legacy gas price is the next base fee plus the tip (eth_gasPrice).
 */
export function fillFees(args: TransactionArgs, baseFee: bigint, suggestedTip: bigint): FilledFees {
  const type: SendableType = args.type ?? (args.gasPrice === undefined ? 2 : args.accessList === undefined ? 0 : 1);
  if (type !== 2) return { type, gasPrice: args.gasPrice ?? baseFee + suggestedTip };
  const cap = args.maxFeePerGas;
  const tip = args.maxPriorityFeePerGas ?? (cap !== undefined && cap < suggestedTip ? cap : suggestedTip);
  return { type, maxFeePerGas: cap ?? 2n * baseFee + tip, maxPriorityFeePerGas: tip };
}

/** The transaction ethers signs: every field filled. */
export function transactionToSign(args: TransactionArgs, filled: { chainId: bigint; nonce: bigint; gasLimit: bigint; fees: FilledFees }): TransactionLike<string> {
  const { type, ...fees } = filled.fees;
  return {
    type,
    chainId: filled.chainId,
    nonce: Number(filled.nonce),
    to: args.to === undefined ? null : formatAddress(args.to),
    value: args.value ?? 0n,
    data: formatData(args.data),
    gasLimit: filled.gasLimit,
    ...fees,
    accessList: type === 0 ? undefined : formatAccessList(args.accessList ?? []),
  };
}

/** The key of `from`, or -32000 "unknown account"; a chain id other than the node's is -32602. */
function senderOf(context: SignTransactionContext, args: TransactionArgs): DevSigner {
  const signer = signerFor(context.keyring, args.from);
  if (args.chainId !== undefined && args.chainId !== context.chainId) {
    throw invalidParam("argument 0 (transaction).chainId", `chain id ${args.chainId} is not this chain's (${context.chainId})`);
  }
  return signer;
}

/**
 * Fills what `args` leaves out — the nonce (the pending one), the gas limit (eth_estimateGas on the
 * head), the fees (`fillFees`) and the chain id — and signs it with the key of `from`: the raw
 * signed transaction.
 */
async function fillAndSign(context: SignTransactionContext, signer: DevSigner, args: TransactionArgs): Promise<Uint8Array> {
  const nonce = args.nonce ?? (await context.pendingNonce(signer.address));
  if (nonce > BigInt(Number.MAX_SAFE_INTEGER)) throw RpcError.serverError(`nonce too high: ${nonce}`);
  const gasLimit = args.gas ?? (await estimateGas(context, args));
  const fees = fillFees(args, context.chain.nextBaseFee(), context.suggestedTip);
  return getBytes(await signer.signTransaction(transactionToSign(args, { chainId: context.chainId, nonce, gasLimit, fees })));
}

/**
 * `eth_signTransaction(transaction)` → `{ raw, tx }` (execution-apis' SignTransactionResult): the
 * transaction filled and signed as eth_sendTransaction fills and signs it, without sending it — the
 * raw bytes eth_sendRawTransaction takes, and the transaction as JSON. Dev chains only.
 */
export const ethSignTransaction = defineMethod({
  name: "eth_signTransaction",
  params: [required("transaction", parseTransactionArgs)],
  handler: async ([args], context: SignTransactionContext) => {
    const raw = await fillAndSign(context, senderOf(context, args), args);
    return { raw: formatData(raw), tx: formatSignedTransaction(createTxFromRLP(raw, { common: context.common })) };
  },
});

/**
 * `eth_sendTransaction(transaction)` → the transaction's hash. Dev chains only: the node signs with
 * the key of `from` (-32000 "unknown account" for another), after filling what is missing — the
 * nonce (the pending one), the gas limit (eth_estimateGas on the head), the fees (`fillFees`) and
 * the chain id — and hands it to the pool as eth_sendRawTransaction does. It answers once the
 * automine block the transaction asked for has been produced: like Hardhat's automine, the
 * transaction is mined by then (unless the pool holds it back, e.g. behind a nonce gap).
 */
export const ethSendTransaction = defineMethod({
  name: "eth_sendTransaction",
  params: [required("transaction", parseTransactionArgs)],
  handler: async ([args], context: SendTransactionContext, call) => {
    const signer = senderOf(context, args);
    const hash = await context.senderLock.run(signer.address, async () => {
      const signed = await fillAndSign(context, signer, args);
      try {
        return await context.submitTransaction(signed);
      } catch (error) {
        if (error instanceof RpcError) throw error;
        throw RpcError.serverError((error as Error).message);
      }
    });
    // As with Hardhat's automine, answer once the block the transaction asked for is mined.
    call.beforeResponse(() => context.blocksSettled());
    return hash;
  },
});
