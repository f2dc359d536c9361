/**
 * The contract between Citrate's precompiles and the EVM. A precompile sees one call (who called,
 * with what, under which gas limit, in which block) and its own account's storage, and answers with
 * an outcome; it never touches ethereumjs types and never throws (see `evm-precompiles.ts`).
 */

/** A 32-byte storage word. */
export type Word = Uint8Array;

/** The precompile account's own storage, journaled with the call frame (a revert undoes writes). */
export interface PrecompileStorage {
  /** The word at `slot` (32 zero bytes when unset). */
  get(slot: Word): Promise<Word>;
  /** Writes `value` at `slot`; a zero word clears it. */
  put(slot: Word, value: Word): Promise<void>;
}

/** The block the call runs in. */
export interface PrecompileBlock {
  readonly number: bigint;
  readonly timestamp: bigint;
}

/**
 * The protocol parameters in force for the block the call runs in (governance changes them at epoch
 * boundaries; the node supplies them per block).
 */
export interface PrecompileParams {
  /** MODEL: gas per multiply-accumulate of an inference. */
  readonly inferenceGasPerMac: bigint;
  /** ARTIFACT: fee per requested replica of a `pin`, in wei. */
  readonly pinFee: bigint;
}

/** One call into a precompile. */
export interface PrecompileCall {
  /** `msg.sender` of this call. */
  readonly caller: `0x${string}`;
  /** `msg.value` sent with this call (wei). */
  readonly value: bigint;
  /** True inside STATICCALL (and everything it calls): state must not change. */
  readonly isStatic: boolean;
  /** The calldata. */
  readonly input: Uint8Array;
  /** Gas available to this call. */
  readonly gasLimit: bigint;
  readonly block: PrecompileBlock;
  readonly storage: PrecompileStorage;
  /** The block's parameters; absent when the EVM was attached without them (the precompile's own defaults apply). */
  readonly params?: PrecompileParams;
}

/** An EVM log emitted by a precompile (its own address is the log's address). */
export interface PrecompileLog {
  readonly topics: readonly Word[];
  readonly data: Uint8Array;
}

/** What a call ends in. */
export type PrecompileOutcome =
  | { readonly kind: "return"; readonly output: Uint8Array; readonly gasUsed: bigint; readonly logs?: readonly PrecompileLog[] }
  /** Undoes the call's writes; the caller sees `Error(reason)` as revert data. */
  | { readonly kind: "revert"; readonly reason: string; readonly gasUsed: bigint }
  /** Consumes all gas given to the call; nothing runs. */
  | { readonly kind: "outOfGas" };

/** A precompile at a fixed address. */
export interface Precompile {
  readonly address: `0x${string}`;
  /** A short name for logs and metrics ("MODEL", "ARTIFACT"). */
  readonly name: string;
  run(call: PrecompileCall): Promise<PrecompileOutcome>;
}

/** Helpers for handlers: the common outcomes. */
export const outcome = {
  ok(output: Uint8Array, gasUsed: bigint, logs?: readonly PrecompileLog[]): PrecompileOutcome {
    return logs === undefined ? { kind: "return", output, gasUsed } : { kind: "return", output, gasUsed, logs };
  },
  revert(reason: string, gasUsed: bigint): PrecompileOutcome {
    return { kind: "revert", reason, gasUsed };
  },
  outOfGas(): PrecompileOutcome {
    return { kind: "outOfGas" };
  },
} as const;
