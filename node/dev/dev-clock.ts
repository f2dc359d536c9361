import { systemClock, type BlockClock } from "../producer/block-producer.js";

/** What `DevClock.save` records. */
export interface DevClockState {
  readonly offset: bigint;
  readonly next: bigint | undefined;
}

/**
 * The block clock of a dev chain: wall-clock time plus an offset that tests can move, with
 * Hardhat's rules (evm_increaseTime, evm_setNextBlockTimestamp, evm_mine(timestamp)):
 *
 * - `increaseTime(s)` adds `s` seconds to the offset; the next blocks are stamped that much later.
 * - `setNextTimestamp(t)` stamps the next block, whichever produces it, with exactly `t`.
 * - After a block stamped with a set timestamp `t` (by `setNextTimestamp`, or a timestamp given
 *   to the producer), time goes on from `t`: the offset becomes `t` minus the wall clock.
 *
 * The producer still keeps timestamps strictly increasing: a block that the clock would stamp at
 * or before its parent's time is stamped one second after its parent, as Hardhat does.
 */
export class DevClock implements BlockClock {
  private offsetSeconds = 0n;
  private next: bigint | undefined;

  /** `wallClock` is injectable for tests: seconds since the Unix epoch. */
  constructor(private readonly wallClock: () => bigint = systemClock.now) {}

  now(): bigint {
    return this.wallClock() + this.offsetSeconds;
  }

  peekNextTimestamp(): bigint | undefined {
    return this.next;
  }

  takeNextTimestamp(): bigint | undefined {
    const next = this.next;
    this.next = undefined;
    return next;
  }

  pinnedBlockProduced(timestamp: bigint): void {
    this.offsetSeconds = timestamp - this.wallClock();
  }

  /** The seconds added to the wall clock (negative after a set timestamp in the past). */
  get offset(): bigint {
    return this.offsetSeconds;
  }

  /** The clock's state (offset, next timestamp), for evm_snapshot. */
  save(): DevClockState {
    return { offset: this.offsetSeconds, next: this.next };
  }

  /** Puts the clock back as `save` found it (evm_revert). */
  restore(state: DevClockState): void {
    this.offsetSeconds = state.offset;
    this.next = state.next;
  }

  /** Moves time forward by `seconds`; returns the total offset. */
  increaseTime(seconds: bigint): bigint {
    if (seconds < 0n) throw new RangeError(`cannot move time backwards (${seconds} s)`);
    this.offsetSeconds += seconds;
    return this.offsetSeconds;
  }

  /** Stamps the next block with `timestamp` (the caller checks that it is after the head's). */
  setNextTimestamp(timestamp: bigint): void {
    this.next = timestamp;
  }
}
