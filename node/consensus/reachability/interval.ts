/**
 * Reachability intervals: the closed integer ranges [start, end] that label the nodes of the
 * reachability tree. A node's interval strictly contains the intervals of its tree children.
 *
 * Interval labelling, its allocation rules and the exponential split follow Kaspa's reachability
 * algorithm (rusty-kaspa, `consensus/src/processes/reachability/interval.rs`, ISC licence).
 *
 * Width: Kaspa uses u64; here the bounds are JavaScript numbers, which are exact integers up to
 * 2^53 - 1 (`Number.MAX_SAFE_INTEGER`). The maximal interval is [1, 2^53 - 2]: one unit of margin on
 * both sides lets any interval shrink to an empty one (`end = start - 1` or `start = end + 1`), and
 * `end + 1` — the largest value any operation computes — stays a safe integer. Every constructed
 * interval is checked against these bounds, so an arithmetic slip fails loudly instead of rounding.
 */
import { ReachabilityError } from "./reachability-store.js";

/** The smallest start of a non-empty interval. */
export const MIN_INTERVAL_START = 1;
/** The largest end any interval may have: 2^53 - 2. */
export const MAX_INTERVAL_END = Number.MAX_SAFE_INTEGER - 1;

export class Interval {
  readonly start: number;
  readonly end: number;

  /** An interval [start, end]; `end = start - 1` is the empty interval at `start`. */
  constructor(start: number, end: number) {
    if (
      !(start >= MIN_INTERVAL_START && end <= MAX_INTERVAL_END && end >= start - 1) ||
      !Number.isInteger(start) ||
      !Number.isInteger(end)
    ) {
      throw new ReachabilityError("DataOverflow", `invalid reachability interval [${start}, ${end}]`);
    }
    this.start = start;
    this.end = end;
  }

  /** The empty interval [1, 0]. */
  static empty(): Interval {
    return new Interval(1, 0);
  }

  /** The widest interval: [1, 2^53 - 2]. */
  static maximal(): Interval {
    return new Interval(MIN_INTERVAL_START, MAX_INTERVAL_END);
  }

  /** Number of integers in the interval (0 when empty). */
  size(): number {
    return this.end + 1 - this.start;
  }

  isEmpty(): boolean {
    return this.end + 1 === this.start;
  }

  increase(offset: number): Interval {
    return new Interval(this.start + offset, this.end + offset);
  }

  decrease(offset: number): Interval {
    return new Interval(this.start - offset, this.end - offset);
  }

  increaseStart(offset: number): Interval {
    return new Interval(this.start + offset, this.end);
  }

  decreaseStart(offset: number): Interval {
    return new Interval(this.start - offset, this.end);
  }

  increaseEnd(offset: number): Interval {
    return new Interval(this.start, this.end + offset);
  }

  decreaseEnd(offset: number): Interval {
    return new Interval(this.start, this.end - offset);
  }

  /**
   * Splits into two adjacent parts whose union is this interval, the left one taking the larger
   * half when the size is odd. (Kaspa computes the half in f32, which rounds sizes above 2^24; here
   * it is exact integer arithmetic: `size / 2` is exact for every safe integer.)
   */
  splitHalf(): [Interval, Interval] {
    const leftSize = Math.ceil(this.size() / 2);
    return [new Interval(this.start, this.start + leftSize - 1), new Interval(this.start + leftSize, this.end)];
  }

  /** Splits into `sizes.length` adjacent parts of exactly the given sizes, which must sum to `size()`. */
  splitExact(sizes: readonly number[]): Interval[] {
    let sum = 0;
    for (const size of sizes) sum += size;
    if (sum !== this.size()) {
      throw new ReachabilityError("DataInconsistency", `cannot split ${this.toString()} exactly into sizes summing to ${sum}`);
    }
    const parts = new Array<Interval>(sizes.length);
    let start = this.start;
    for (let i = 0; i < sizes.length; i++) {
      const size = sizes[i] as number;
      parts[i] = new Interval(start, start + size - 1);
      start += size;
    }
    return parts;
  }

  /**
   * Splits into adjacent parts, one per size in `sizes[from .. from + count)` (all of `sizes` by
   * default), each part getting at least its size; the spare capacity is shared in proportion to
   * 2^size, so the largest subtree — the one GHOSTDAG expects to keep growing — receives nearly all
   * of it. Requires 0 < sum <= size(). Results are Kaspa's exactly (same f64 arithmetic).
   */
  splitExponential(sizes: ArrayLike<number>, from = 0, count = sizes.length - from): Interval[] {
    const intervalSize = this.size();
    const to = from + count;
    let sizesSum = 0;
    let maxSize = 0;
    for (let i = from; i < to; i++) {
      const size = sizes[i] as number;
      sizesSum += size;
      if (size > maxSize) maxSize = size;
    }
    if (sizesSum > intervalSize) {
      throw new ReachabilityError(
        "DataOverflow",
        `interval ${this.toString()} of size ${intervalSize} cannot hold subtrees of total size ${sizesSum}`,
      );
    }
    if (count <= 0 || sizesSum <= 0) throw new ReachabilityError("DataInconsistency", "cannot split an interval into zero-sized parts");

    // The same arithmetic as `exponentialFractions`, without its arrays: this runs for every node
    // with several children during a reindex. Both totals are at most 2^53 - 2, and every bias is
    // at most `totalBias`: all values stay exact integers. With no spare capacity every bias is 0,
    // which is `splitExact`.
    const totalBias = intervalSize - sizesSum;
    let weightSum = 0;
    if (totalBias > 0) for (let i = from; i < to; i++) weightSum += exponentialWeight(maxSize - (sizes[i] as number));
    let remainingBias = totalBias;
    const parts = new Array<Interval>(count);
    let start = this.start;
    for (let i = from; i < to; i++) {
      const size = sizes[i] as number;
      const bias =
        i === to - 1 || totalBias === 0
          ? remainingBias
          : Math.min(remainingBias, Math.round(totalBias * (exponentialWeight(maxSize - size) / weightSum)));
      remainingBias -= bias;
      parts[i - from] = new Interval(start, start + size + bias - 1);
      start += size + bias;
    }
    return parts;
  }

  /** Is `other` inside this interval (equal counts)? */
  contains(other: Interval): boolean {
    return this.start <= other.start && other.end <= this.end;
  }

  /** Is `other` inside this interval with room to spare at the end (how a tree node holds its children)? */
  strictlyContains(other: Interval): boolean {
    return this.start <= other.start && other.end < this.end;
  }

  equals(other: Interval): boolean {
    return this.start === other.start && this.end === other.end;
  }

  toString(): string {
    return `[${this.start}, ${this.end}]`;
  }
}

/**
 * For each size, 2^size / sum_j 2^sizes[j], computed relative to 2^max(sizes) so nothing overflows;
 * sizes far below the maximum get a fraction of (effectively) zero.
 */
export function exponentialFractions(sizes: readonly number[]): number[] {
  let maxSize = 0;
  for (const size of sizes) if (size > maxSize) maxSize = size;
  const fractions = sizes.map((size) => exponentialWeight(maxSize - size));
  let sum = 0;
  for (const fraction of fractions) sum += fraction;
  for (let i = 0; i < fractions.length; i++) fractions[i] = (fractions[i] as number) / sum;
  return fractions;
}

/** 1 / 2^d for d = 0..1024 (exact powers of two; 2^1024 overflows to Infinity, so its weight is 0, as in Kaspa's f64 code). */
const EXPONENTIAL_WEIGHTS = Float64Array.from({ length: 1025 }, (_, d) => 1 / 2 ** d);

/** 1 / 2^d, the weight of a subtree `d` smaller than the largest. */
function exponentialWeight(d: number): number {
  return d < EXPONENTIAL_WEIGHTS.length ? (EXPONENTIAL_WEIGHTS[d] as number) : 0;
}
