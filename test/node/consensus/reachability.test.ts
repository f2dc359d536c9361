import { expect } from "chai";
import type { BlockHash } from "../../../node/consensus/hash.js";
import { exponentialFractions, Interval, MAX_INTERVAL_END } from "../../../node/consensus/reachability/interval.js";
import { MemoryReachabilityStore, type ReachabilityRecord } from "../../../node/consensus/reachability/memory-reachability-store.js";
import { Reachability, validateReachabilityTree, type ReachabilityOptions } from "../../../node/consensus/reachability/reachability.js";
import { ReachabilityError, type ReachabilityErrorCode } from "../../../node/consensus/reachability/reachability-store.js";
import { ReindexContext } from "../../../node/consensus/reachability/reindex.js";
import { seededRandom } from "../../support/random-dag.js";

/** Block `n` as a hash: n in hex, zero-padded to 32 bytes (like Kaspa's `u64.into()` test hashes). */
function h(n: number): BlockHash {
  return `0x${n.toString(16).padStart(64, "0")}`;
}

function expectReachabilityError(fn: () => unknown, code: ReachabilityErrorCode): void {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ReachabilityError);
    expect((error as ReachabilityError).code).to.equal(code);
    return;
  }
  expect.fail(`expected a ReachabilityError ${code}`);
}

/** Counts how often each reindex path runs, by wrapping the context's methods on its prototype. */
function countReindexPaths(): { counts: Record<string, number>; restore: () => void } {
  const proto = ReindexContext.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ["reindexIntervals", "reindexIntervalsEarlierThanRoot", "reclaimInterval", "concentrateInterval", "propagateInterval"];
  const counts: Record<string, number> = {};
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const name of names) {
    const original = proto[name] as (...args: unknown[]) => unknown;
    originals.set(name, original);
    counts[name] = 0;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      counts[name] = (counts[name] ?? 0) + 1;
      // reclaimInterval(allocationBlock, commonAncestor, chosenChild, reindexRoot, required, side)
      if (name === "reclaimInterval") counts[`reclaim ${String(args[5])}`] = (counts[`reclaim ${String(args[5])}`] ?? 0) + 1;
      return original.apply(this, args);
    };
  }
  return {
    counts,
    restore: () => {
      for (const [name, original] of originals) proto[name] = original;
    },
  };
}

/**
 * Builds a DAG over a fresh store like Kaspa's test `DagBuilder`: the selected parent is the parent
 * highest in the tree, the mergeset comes from a naive past traversal, and every new block is hinted
 * as the virtual selected parent.
 */
class DagBuilder {
  readonly reachability: Reachability;
  readonly parents = new Map<BlockHash, readonly BlockHash[]>();

  constructor(
    genesis: BlockHash,
    options?: ReachabilityOptions,
    readonly store: MemoryReachabilityStore = new MemoryReachabilityStore(),
  ) {
    this.reachability = new Reachability(this.store, options);
    this.reachability.init(genesis);
    this.parents.set(genesis, []);
  }

  add(block: number, parents: readonly number[]): this {
    const hashes = parents.map(h);
    let selected = hashes[0] as BlockHash;
    for (const parent of hashes) if (this.store.getHeight(parent) >= this.store.getHeight(selected)) selected = parent;
    const selectedPast = this.inclusivePast([selected]);
    const mergeset = [...this.inclusivePast(hashes)].filter((hash) => !selectedPast.has(hash));
    this.reachability.addBlock(h(block), selected, mergeset);
    this.reachability.hintVirtualSelectedParent(h(block));
    this.parents.set(h(block), hashes);
    return this;
  }

  /** Blocks reachable from `from` by parent links, `from` included. */
  inclusivePast(from: readonly BlockHash[]): Set<BlockHash> {
    const seen = new Set(from);
    const queue = [...from];
    while (queue.length > 0) {
      for (const parent of this.parents.get(queue.pop() as BlockHash) ?? []) {
        if (!seen.has(parent)) {
          seen.add(parent);
          queue.push(parent);
        }
      }
    }
    return seen;
  }

  inPastOf(a: number, b: number): boolean {
    if (a === b) return false;
    const result = this.reachability.isDagAncestorOf(h(a), h(b));
    if (result) expect(this.reachability.isDagAncestorOf(h(b), h(a)), `future of ${a} and ${b} is asymmetric`).to.equal(false);
    return result;
  }

  areAnticone(a: number, b: number): boolean {
    return !this.reachability.isDagAncestorOf(h(a), h(b)) && !this.reachability.isDagAncestorOf(h(b), h(a));
  }

  /** Compares every pair against naive pasts (the DAG closure) and naive selected chains (the chain closure). */
  expectClosures(): void {
    const blocks = [...this.parents.keys()];
    for (const x of blocks) {
      const past = this.inclusivePast([x]);
      const chain = new Set<BlockHash>();
      for (let b: BlockHash | null = x; b !== null; b = this.store.getParent(b)) chain.add(b);
      for (const y of blocks) {
        expect(this.reachability.isDagAncestorOf(y, x), `${y} in past of ${x}`).to.equal(past.has(y));
        expect(this.reachability.isChainAncestorOf(y, x), `${y} on chain of ${x}`).to.equal(chain.has(y));
      }
    }
  }
}

describe("reachability: Interval", function () {
  it("does the basic arithmetic", function () {
    const interval = new Interval(101, 164);
    const increased = interval.increase(10);
    const decreased = increased.decrease(5);
    expect([increased.start, increased.end]).to.deep.equal([111, 174]);
    expect([decreased.start, decreased.end]).to.deep.equal([106, 169]);
    expect(interval.size()).to.equal(64);
    expect(Interval.maximal().size()).to.equal(2 ** 53 - 2);
    expect(Interval.empty().size()).to.equal(0);
    expect(Interval.empty().isEmpty()).to.equal(true);
    const [emptyLeft, emptyRight] = Interval.empty().splitHalf();
    expect(emptyLeft.size()).to.equal(0);
    expect(emptyRight.size()).to.equal(0);
    expect(interval.increaseStart(10).start).to.equal(111);
    expect(interval.decreaseStart(10).start).to.equal(91);
    expect(interval.increaseEnd(10).end).to.equal(174);
    expect(interval.decreaseEnd(10).end).to.equal(154);
    expect(interval.increaseStart(10).end).to.equal(164);
    expect(interval.decreaseEnd(10).start).to.equal(101);
  });

  it("keeps every bound a safe integer and refuses anything else", function () {
    const maximal = Interval.maximal();
    expect(maximal.start).to.equal(1);
    expect(maximal.end).to.equal(MAX_INTERVAL_END);
    expect(Number.isSafeInteger(maximal.end + 1)).to.equal(true);
    const [left, right] = maximal.splitHalf();
    expect(left.size() + right.size()).to.equal(maximal.size());
    expect(left.end + 1).to.equal(right.start);
    expect(left.size() - right.size()).to.be.oneOf([0, 1]);
    expect(maximal.decreaseEnd(1).end).to.equal(MAX_INTERVAL_END - 1);
    expectReachabilityError(() => maximal.increaseEnd(1), "DataOverflow");
    expectReachabilityError(() => maximal.increase(2), "DataOverflow");
    expectReachabilityError(() => new Interval(0, 5), "DataOverflow");
    expectReachabilityError(() => new Interval(5, 3), "DataOverflow");
    expectReachabilityError(() => new Interval(1.5, 3), "DataOverflow");
    expect(new Interval(5, 4).isEmpty()).to.equal(true);
  });

  it("splits exactly", function () {
    const sizes = [5, 10, 15, 20];
    const parts = new Interval(1, 50).splitExact(sizes);
    expect(parts.map((p) => p.size())).to.deep.equal(sizes);
    expectReachabilityError(() => new Interval(1, 50).splitExact([5, 10]), "DataInconsistency");
  });

  it("computes exponential fractions", function () {
    let fractions = exponentialFractions([2, 4, 8, 16]);
    for (let i = 0; i < fractions.length - 1; i++) expect(fractions[i + 1]).to.be.greaterThan(fractions[i] as number);
    expect(exponentialFractions([])).to.deep.equal([]);
    fractions = exponentialFractions([0, 0]);
    expect(fractions).to.deep.equal([0.5, 0.5]);
    // Sizes far apart: the small one's weight underflows to zero rather than overflowing.
    expect(exponentialFractions([1, 5000])).to.deep.equal([0, 1]);
  });

  it("tests containment", function () {
    const outer = new Interval(1, 100);
    expect(outer.contains(new Interval(1, 100))).to.equal(true);
    expect(outer.contains(new Interval(1, 99))).to.equal(true);
    expect(outer.contains(new Interval(2, 100))).to.equal(true);
    expect(outer.contains(new Interval(2, 99))).to.equal(true);
    expect(outer.contains(new Interval(50, 150))).to.equal(false);
    expect(outer.contains(new Interval(150, 160))).to.equal(false);
    expect(outer.strictlyContains(new Interval(1, 100))).to.equal(false);
    expect(outer.strictlyContains(new Interval(1, 99))).to.equal(true);
  });

  it("splits exponentially as Kaspa does", function () {
    const cases: [Interval, number[], [number, number][]][] = [
      [new Interval(1, 100), [100], [[1, 100]]],
      [new Interval(1, 100), [50, 50], [[1, 50], [51, 100]]],
      [new Interval(1, 100), [10, 20, 30, 40], [[1, 10], [11, 30], [31, 60], [61, 100]]],
      [new Interval(1, 100), [25, 25], [[1, 50], [51, 100]]],
      [new Interval(1, 100), [1, 1], [[1, 50], [51, 100]]],
      [new Interval(1, 100), [33, 33, 33], [[1, 33], [34, 66], [67, 100]]],
      [new Interval(1, 100), [10, 15, 25], [[1, 10], [11, 25], [26, 100]]],
      [new Interval(1, 100), [25, 15, 10], [[1, 75], [76, 90], [91, 100]]],
      [new Interval(1, 10_000), [10, 10, 20], [[1, 20], [21, 40], [41, 10_000]]],
      [new Interval(1, 100_000), [31_000, 31_000, 30_001], [[1, 35_000], [35_001, 69_999], [70_000, 100_000]]],
    ];
    for (const [interval, sizes, expected] of cases) {
      expect(interval.splitExponential(sizes).map((p) => [p.start, p.end])).to.deep.equal(expected);
    }
  });

  it("splits the maximal interval exponentially without leaving safe integers", function () {
    const parts = Interval.maximal().splitExponential([3, 1, 7, 7, 2]);
    expect(parts[0]?.start).to.equal(1);
    expect(parts[parts.length - 1]?.end).to.equal(MAX_INTERVAL_END);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as Interval;
      expect(Number.isSafeInteger(part.start) && Number.isSafeInteger(part.end)).to.equal(true);
      if (i > 0) expect(part.start).to.equal((parts[i - 1] as Interval).end + 1);
    }
    expectReachabilityError(() => new Interval(1, 10).splitExponential([6, 6]), "DataOverflow");
  });
});

describe("reachability: MemoryReachabilityStore", function () {
  it("reports every change through its hooks and round-trips records", function () {
    const touched: BlockHash[] = [];
    const roots: BlockHash[] = [];
    class RecordingStore extends MemoryReachabilityStore {
      protected override touched(hash: BlockHash): void {
        touched.push(hash);
      }
      protected override reindexRootChanged(root: BlockHash): void {
        roots.push(root);
      }
    }
    const store = new RecordingStore();
    const reachability = new Reachability(store, { reindexDepth: 2, reindexSlack: 3 });
    reachability.init(h(1));
    expect(touched).to.deep.equal([h(1)]);
    expect(roots).to.deep.equal([h(1)]);
    touched.length = 0;
    reachability.addBlock(h(2), h(1), []);
    expect(new Set(touched)).to.deep.equal(new Set([h(1), h(2)]));

    // Snapshot every record after a DAG with reindexing, reload into a fresh store, compare.
    for (let i = 3; i <= 60; i++) {
      reachability.addBlock(h(i), h(i - 1), []);
      reachability.hintVirtualSelectedParent(h(i));
    }
    reachability.addBlock(h(61), h(2), []);
    reachability.addBlock(h(62), h(60), [h(61)]);
    reachability.hintVirtualSelectedParent(h(62));
    expect(roots.length).to.be.greaterThan(1);

    const snapshot = new Map<BlockHash, ReachabilityRecord>();
    for (const hash of store.hashes()) snapshot.set(hash, JSON.parse(JSON.stringify(store.getRecord(hash))) as ReachabilityRecord);
    // Load in reverse order: records link to blocks not loaded yet.
    const reloaded = new MemoryReachabilityStore();
    for (const [hash, record] of [...snapshot].reverse()) reloaded.loadRecord(hash, record);
    reloaded.loadReindexRoot(store.getReindexRoot());
    expect(reloaded.danglingReferences()).to.deep.equal([]);
    expect(touched.length).to.be.greaterThan(0);
    validateReachabilityTree(reloaded);
    const again = new Reachability(reloaded, { reindexDepth: 2, reindexSlack: 3 });
    again.init(h(1)); // already initialised: does nothing
    for (let a = 1; a <= 62; a++) {
      for (let b = 1; b <= 62; b++) {
        expect(again.isDagAncestorOf(h(a), h(b))).to.equal(reachability.isDagAncestorOf(h(a), h(b)));
      }
    }
    expect(store.getRecord(h(61)).futureCoveringSet).to.deep.equal([h(62)]);
    expect(store.getRecord(h(1)).parent).to.equal(null);
  });

  it("reports every changed record, so a persistent copy written per block stays identical", function () {
    // A persistent store's view: after each block, write out exactly the records the hooks named.
    const disk = new Map<BlockHash, string>();
    let diskRoot: BlockHash | null = null;
    class JournalingStore extends MemoryReachabilityStore {
      readonly changed = new Set<BlockHash>();
      rootChanged = false;
      protected override touched(hash: BlockHash): void {
        this.changed.add(hash);
      }
      protected override reindexRootChanged(): void {
        this.rootChanged = true;
      }
      flush(): void {
        for (const hash of this.changed) disk.set(hash, JSON.stringify(this.getRecord(hash)));
        if (this.rootChanged) diskRoot = this.getReindexRoot();
        this.changed.clear();
        this.rootChanged = false;
      }
    }
    const store = new JournalingStore();
    const dag = new DagBuilder(h(1), { reindexDepth: 3, reindexSlack: 2 }, store);
    store.flush();
    const rng = seededRandom(99);
    const tips = new Set([1]);
    for (let block = 2; block <= 400; block++) {
      const pool = [...tips].filter((t) => t > block - 10);
      if (pool.length === 0 || rng() < 0.05) pool.push(1 + Math.floor(rng() * (block - 1)));
      const chosen = [...new Set(pool.filter(() => rng() < 0.6))];
      const parents = chosen.length > 0 ? chosen : [pool[0] as number];
      const pasts = parents.map((p) => dag.inclusivePast([h(p)]));
      const antichain = parents.filter((p, i) => !pasts.some((past, j) => j !== i && past.has(h(p))));
      dag.add(block, antichain);
      store.flush();
      for (const p of antichain) tips.delete(p);
      tips.add(block);
    }
    expect(diskRoot).to.equal(store.getReindexRoot());
    expect(disk.size).to.equal(store.size);
    for (const hash of store.hashes()) expect(disk.get(hash), hash).to.equal(JSON.stringify(store.getRecord(hash)));
  });

  it("refuses bad writes and unknown blocks", function () {
    const store = new MemoryReachabilityStore();
    expectReachabilityError(() => store.getReindexRoot(), "NotInitialized");
    store.init(h(1), Interval.maximal());
    expectReachabilityError(() => store.init(h(2), Interval.maximal()), "AlreadyInitialized");
    expectReachabilityError(() => store.getInterval(h(9)), "MissingBlock");
    const root = store.getNode(h(1));
    expectReachabilityError(() => store.insert(h(1), root, Interval.empty(), 1), "BlockExists");
    expectReachabilityError(() => store.insertFutureCoveringItem(root, root, 1), "DataInconsistency");
    const other = new MemoryReachabilityStore();
    const foreign = other.init(h(1), Interval.maximal());
    expectReachabilityError(() => store.setReindexRoot(foreign), "DataInconsistency");
    expectReachabilityError(() => store.appendChild(root, foreign), "DataInconsistency");
    // A record linking to a block never loaded is reported.
    const partial = new MemoryReachabilityStore();
    partial.loadRecord(h(5), { parent: h(4), children: [], interval: [1, 10], height: 1, futureCoveringSet: [] });
    expect(partial.danglingReferences()).to.deep.equal([h(4)]);
    expect(partial.has(h(4))).to.equal(false);
  });
});

describe("reachability: reindexing", function () {
  it("counts subtrees and propagates intervals", function () {
    const store = new MemoryReachabilityStore();
    store.init(h(1), Interval.empty());
    const tree: [number, number][] = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 3],
      [6, 5],
      [7, 1],
      [8, 6],
    ];
    for (const [block, parent] of tree) {
      const parentNode = store.getNode(h(parent));
      store.appendChild(parentNode, store.insert(h(block), parentNode, Interval.empty(), parentNode.height + 1));
    }
    const context = new ReindexContext(store, 16);
    expect(context.countSubtrees(store.getNode(h(1)))).to.equal(8);
    const expectedSizes: [number, number][] = [
      [1, 8],
      [2, 6],
      [3, 4],
      [4, 1],
      [5, 3],
      [6, 2],
      [7, 1],
      [8, 1],
    ];
    for (const [block, size] of expectedSizes) expect(context.countSubtrees(store.getNode(h(block))), `block ${block}`).to.equal(size);

    store.setInterval(store.getNode(h(1)), new Interval(1, 8));
    context.propagateInterval(store.getNode(h(1)));
    const expectedIntervals = [
      [1, 8],
      [1, 6],
      [1, 4],
      [5, 5],
      [1, 3],
      [1, 2],
      [7, 7],
      [1, 1],
    ];
    for (let b = 1; b <= 8; b++) {
      const interval = store.getInterval(h(b));
      expect([interval.start, interval.end], `block ${b}`).to.deep.equal(expectedIntervals[b - 1]);
    }
    validateReachabilityTree(store, h(1));
  });

  it("adds tree blocks into a small capacity", function () {
    const store = new MemoryReachabilityStore();
    const reachability = new Reachability(store);
    reachability.init(h(1), new Interval(1, 15));
    const tree: [number, number][] = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 3],
      [6, 5],
      [7, 1],
      [8, 6],
      [9, 6],
      [10, 6],
      [11, 6],
    ];
    for (const [block, parent] of tree) {
      reachability.addBlock(h(block), h(parent), []);
      reachability.hintVirtualSelectedParent(h(block));
    }
    validateReachabilityTree(store, h(1));
    for (const [block, parent] of tree) {
      expect(reachability.isStrictChainAncestorOf(h(parent), h(block))).to.equal(true);
      expect(reachability.getNextChainAncestor(h(block), h(parent))).to.equal(h(block));
    }
    expect(reachability.isChainAncestorOf(h(2), h(8))).to.equal(true);
    expect(reachability.isChainAncestorOf(h(7), h(8))).to.equal(false);
    expect(reachability.getNextChainAncestor(h(11), h(1))).to.equal(h(2));
    expect(reachability.getNextChainAncestor(h(11), h(3))).to.equal(h(5));
  });

  it("adds early blocks under a deep binary tree", function () {
    // Kaspa's test: a binary tree with a tiny reindex depth and slack, then a block under block 2,
    // far below the reindex root's chain.
    const store = new MemoryReachabilityStore();
    const reachability = new Reachability(store, { reindexDepth: 2, reindexSlack: 5 });
    reachability.init(h(1));
    for (let i = 2; i < 100; i++) {
      reachability.addBlock(h(i), h(Math.floor(i / 2)), []);
      reachability.hintVirtualSelectedParent(h(i));
    }
    expect(reachability.isStrictChainAncestorOf(h(2), store.getReindexRoot())).to.equal(true);
    reachability.addBlock(h(100), h(2), []);
    validateReachabilityTree(store, h(1));
    expect(reachability.isChainAncestorOf(h(2), h(100))).to.equal(true);
    expect(reachability.isChainAncestorOf(h(3), h(100))).to.equal(false);
  });

  it("reindexes earlier than the reindex root, on both sides of its chain", function () {
    const store = new MemoryReachabilityStore();
    const reachability = new Reachability(store, { reindexDepth: 2, reindexSlack: 3 });
    const parent = new Map<number, number>();
    const add = (block: number, under: number): void => {
      reachability.addBlock(h(block), h(under), []);
      parent.set(block, under);
    };
    reachability.init(h(1));
    // The reindex root's chain runs 1 -> 3 -> 1000 -> 1001 -> ...; block 2 lies before it, 4 after it.
    add(2, 1);
    add(3, 1);
    add(4, 1);
    for (let i = 0; i < 60; i++) {
      add(1000 + i, i === 0 ? 3 : 999 + i);
      reachability.hintVirtualSelectedParent(h(1000 + i));
    }
    expect(reachability.isStrictChainAncestorOf(h(3), store.getReindexRoot())).to.equal(true);

    const spy = countReindexPaths();
    try {
      for (let i = 0; i < 30; i++) {
        add(2000 + i, i === 0 ? 2 : 1999 + i); // a chain under block 2 (before the root's chain)
        add(3000 + i, 2); // siblings under block 2
        add(4000 + i, i === 0 ? 4 : 3999 + i); // a chain under block 4 (after it)
        add(5000 + i, 1000 + (i % 20)); // side blocks under the chain below the reindex root
      }
    } finally {
      spy.restore();
    }
    expect(spy.counts.reindexIntervalsEarlierThanRoot).to.be.greaterThan(2);
    expect(spy.counts["reclaim before"], "reclaimed before the chain").to.be.greaterThan(0);
    expect(spy.counts["reclaim after"], "reclaimed after the chain").to.be.greaterThan(0);
    validateReachabilityTree(store, h(1));
    const blocks = [1, ...parent.keys()];
    for (const d of blocks) {
      const chain = new Set<number>([d]);
      for (let b = parent.get(d); b !== undefined; b = parent.get(b)) chain.add(b);
      for (const a of blocks) expect(reachability.isChainAncestorOf(h(a), h(d)), `${a} on chain of ${d}`).to.equal(chain.has(a));
    }
  });

  it("keeps a 20,000-block chain indexed with the default depth and slack", function () {
    const store = new MemoryReachabilityStore();
    const reachability = new Reachability(store);
    reachability.init(h(0));
    for (let i = 1; i <= 20_000; i++) {
      reachability.addBlock(h(i), h(i - 1), []);
      reachability.hintVirtualSelectedParent(h(i));
    }
    validateReachabilityTree(store);
    expect(store.getHeight(store.getReindexRoot())).to.equal(20_000 - 100);
    expect(reachability.isChainAncestorOf(h(0), h(20_000))).to.equal(true);
    expect(reachability.isChainAncestorOf(h(12_345), h(12_346))).to.equal(true);
    expect(reachability.isChainAncestorOf(h(12_346), h(12_345))).to.equal(false);
  });

  it("follows alternating reorgs only past the slack threshold", function () {
    const store = new MemoryReachabilityStore();
    const reachability = new Reachability(store, { reindexDepth: 3, reindexSlack: 4 });
    reachability.init(h(0));
    // Two chains from genesis: A = 1000.., B = 2000..; hint whichever is longer.
    let a = 0;
    let b = 0;
    let lengthA = 0;
    let lengthB = 0;
    const rng = seededRandom(7);
    for (let step = 0; step < 400; step++) {
      if (rng() < 0.5) {
        reachability.addBlock(h(1000 + lengthA + 1), a === 0 ? h(0) : h(a), []);
        a = 1000 + ++lengthA;
      } else {
        reachability.addBlock(h(100_000 + lengthB + 1), b === 0 ? h(0) : h(b), []);
        b = 100_000 + ++lengthB;
      }
      reachability.hintVirtualSelectedParent(lengthA >= lengthB ? h(a) : h(b));
      const root = store.getReindexRoot();
      const onA = a !== 0 && reachability.isChainAncestorOf(root, h(a));
      const onB = b !== 0 && reachability.isChainAncestorOf(root, h(b));
      expect(onA || onB, "the reindex root stays on one of the chains").to.equal(true);
    }
    validateReachabilityTree(store);
    expect(reachability.isChainAncestorOf(h(1001), h(a))).to.equal(true);
    expect(reachability.isDagAncestorOf(h(1001), h(b))).to.equal(false);
  });
});

describe("reachability: DAG queries", function () {
  it("answers past and anticone questions on Kaspa's DAG", function () {
    const dag = new DagBuilder(h(1));
    dag
      .add(2, [1])
      .add(3, [1])
      .add(4, [2, 3])
      .add(5, [4])
      .add(6, [1])
      .add(7, [5, 6])
      .add(8, [1])
      .add(9, [1])
      .add(10, [7, 8, 9])
      .add(11, [1])
      .add(12, [11, 10]);
    validateReachabilityTree(dag.store, h(1));
    for (let i = 2; i <= 12; i++) expect(dag.inPastOf(1, i), `1 in past of ${i}`).to.equal(true);
    for (const [x, y] of [
      [2, 4],
      [2, 5],
      [2, 7],
      [5, 10],
      [6, 10],
      [10, 12],
      [11, 12],
    ] as const) {
      expect(dag.inPastOf(x, y), `${x} in past of ${y}`).to.equal(true);
    }
    for (const [x, y] of [
      [2, 3],
      [2, 6],
      [3, 6],
      [5, 6],
      [3, 8],
      [11, 2],
      [11, 4],
      [11, 6],
      [11, 9],
    ] as const) {
      expect(dag.areAnticone(x, y), `${x} and ${y} in anticone`).to.equal(true);
    }
    dag.expectClosures();
    expect(dag.reachability.isDagAncestorOf(h(7), h(7))).to.equal(true);
    expect(dag.reachability.isDagAncestorOfAny(h(3), [h(6), h(12)])).to.equal(true);
    expect(dag.reachability.isAnyDagAncestor([h(11), h(9)], h(7))).to.equal(false);
  });

  it("matches naive closures on small random DAGs with tiny depth and slack", function () {
    for (const [seed, depth, slack] of [
      [1, 2, 2],
      [2, 3, 5],
      [3, 1, 1],
      [4, 100, 4096],
    ] as const) {
      const rng = seededRandom(seed);
      const dag = new DagBuilder(h(1), { reindexDepth: depth, reindexSlack: slack });
      const tips = new Set([1]);
      for (let block = 2; block <= 80; block++) {
        const pool = [...tips].filter((t) => t > block - 12);
        if (pool.length === 0 || rng() < 0.1) pool.push(1 + Math.floor(rng() * (block - 1)));
        const chosen = [...new Set(pool.filter(() => rng() < 0.7))];
        const parents = chosen.length > 0 ? chosen : [pool[Math.floor(rng() * pool.length)] as number];
        // Keep the parents an antichain.
        const pasts = parents.map((p) => dag.inclusivePast([h(p)]));
        const antichain = parents.filter((p, i) => !pasts.some((past, j) => j !== i && past.has(h(p))));
        dag.add(block, antichain);
        for (const p of antichain) tips.delete(p);
        tips.add(block);
      }
      validateReachabilityTree(dag.store, h(1));
      dag.expectClosures();
    }
  });

  it("rejects bad queries and bad blocks", function () {
    const dag = new DagBuilder(h(1)).add(2, [1]).add(3, [1]).add(4, [2, 3]);
    const r = dag.reachability;
    expectReachabilityError(() => r.getNextChainAncestor(h(2), h(2)), "BadQuery");
    expectReachabilityError(() => r.getNextChainAncestor(h(2), h(3)), "BadQuery");
    expectReachabilityError(() => r.getNextChainAncestor(h(1), h(2)), "BadQuery");
    expectReachabilityError(() => r.isDagAncestorOf(h(1), h(99)), "MissingBlock");
    expectReachabilityError(() => r.addBlock(h(4), h(1), []), "BlockExists");
    expectReachabilityError(() => r.addBlock(h(5), h(99), []), "MissingBlock");
    // Block 4 merged the parent it did not select, so that one's future covering set holds 4; a
    // block under 4 claiming to merge it again contradicts the DAG.
    const sp = dag.store.getParent(h(4)) as BlockHash;
    const merged = sp === h(2) ? h(3) : h(2);
    expect(dag.store.getFutureCoveringSet(merged)).to.deep.equal([h(4)]);
    expectReachabilityError(() => r.addBlock(h(6), h(4), [merged]), "DataInconsistency");
    expect(r.getNextChainAncestor(h(4), h(1))).to.equal(sp);
    expect(() => new Reachability(dag.store, { reindexSlack: 0 })).to.throw(RangeError);
    r.init(h(1)); // idempotent
  });
});

/** Bitset helpers for the property test's naive past sets. */
function bitTest(set: Uint32Array, i: number): boolean {
  return ((set[i >>> 5] as number) & (1 << (i & 31))) !== 0;
}

function bitSet(set: Uint32Array, i: number): void {
  set[i >>> 5] = (set[i >>> 5] as number) | (1 << (i & 31));
}

interface RandomRunStats {
  blocks: number;
  queries: number;
  counts: Record<string, number>;
}

/**
 * Grows a random DAG of `blocks` blocks and checks the index against naive past sets. Parents are
 * mostly recent tips, now and then an old block; now and then a side chain is grown from a block
 * up to 200 back until it outweighs the main chain (a reorg). The selected parent is the parent
 * with the largest past (then the highest hash), and the virtual selected parent — the block hinted
 * after every block — the block with the largest past.
 */
function runRandomDag(seed: number, blocks: number, options: ReachabilityOptions): RandomRunStats {
  const rng = seededRandom(seed);
  const words = (blocks + 31) >>> 5;
  const past: Uint32Array[] = []; // inclusive past of each block
  const pastSize: number[] = [];
  const treeParent: number[] = [];
  const hash = (i: number): BlockHash => h(((i * 2654435761) % 4294967291) * 4096 + i);
  const store = new MemoryReachabilityStore();
  const reachability = new Reachability(store, options);
  const spy = countReindexPaths();
  let queries = 0;
  try {
    reachability.init(hash(0));
    const genesisPast = new Uint32Array(words);
    bitSet(genesisPast, 0);
    past.push(genesisPast);
    pastSize.push(1);
    treeParent.push(-1);
    const tips = new Set<number>([0]);
    let virtualSelectedParent = 0;
    let sideChain: { tip: number; remaining: number } | null = null;

    const heavier = (a: number, b: number): boolean =>
      (pastSize[a] as number) > (pastSize[b] as number) || (pastSize[a] === pastSize[b] && hash(a) > hash(b));

    const checkRandomPairs = (count: number, upTo: number): void => {
      for (let q = 0; q < count; q++) {
        const a = Math.floor(rng() * upTo);
        const d = Math.floor(rng() * upTo);
        const expected = bitTest(past[d] as Uint32Array, a);
        if (reachability.isDagAncestorOf(hash(a), hash(d)) !== expected) {
          expect.fail(`seed ${seed}: isDagAncestorOf(${a}, ${d}) should be ${expected}`);
        }
        queries++;
      }
    };

    for (let i = 1; i < blocks; i++) {
      let parents: number[];
      if (sideChain !== null) {
        parents = [sideChain.tip];
        if (--sideChain.remaining === 0) sideChain = null;
        else sideChain.tip = i;
      } else if (rng() < 0.004 && i > 20) {
        const base = Math.max(0, i - 1 - Math.floor(rng() * 200));
        const length = Math.min(150, Math.max(1, (pastSize[virtualSelectedParent] as number) - (pastSize[base] as number)) + 1 + Math.floor(rng() * 10));
        parents = [base];
        if (length > 1) sideChain = { tip: i, remaining: length - 1 };
      } else {
        const recent = [...tips].filter((t) => t >= i - 64);
        if (recent.length === 0 || rng() < 0.03) {
          const old = Math.floor(rng() * i);
          if (!recent.includes(old)) recent.push(old);
        }
        const wanted = 1 + Math.floor(rng() * 4);
        const chosen = new Set<number>();
        while (chosen.size < Math.min(wanted, recent.length)) chosen.add(recent[Math.floor(rng() * recent.length)] as number);
        parents = [...chosen].filter((p) => ![...chosen].some((q) => q !== p && bitTest(past[q] as Uint32Array, p)));
      }

      let selected = parents[0] as number;
      for (const p of parents) if (heavier(p, selected)) selected = p;
      const own = new Uint32Array(words);
      for (const p of parents) {
        const pp = past[p] as Uint32Array;
        for (let w = 0; w < words; w++) own[w] = (own[w] as number) | (pp[w] as number);
      }
      const selectedPast = past[selected] as Uint32Array;
      const mergeset: BlockHash[] = [];
      let size = 1;
      for (let w = 0; w < words; w++) {
        const word = own[w] as number;
        if (word === 0) continue;
        const merged = word & ~(selectedPast[w] as number);
        for (let bit = 0; bit < 32; bit++) {
          if ((word & (1 << bit)) !== 0) size++;
          if ((merged & (1 << bit)) !== 0) mergeset.push(hash(w * 32 + bit));
        }
      }
      bitSet(own, i);
      past.push(own);
      pastSize.push(size);
      treeParent.push(selected);

      // Present the mergeset in a random order: the index must not depend on it.
      for (let m = mergeset.length - 1; m > 0; m--) {
        const j = Math.floor(rng() * (m + 1));
        [mergeset[m], mergeset[j]] = [mergeset[j] as BlockHash, mergeset[m] as BlockHash];
      }
      reachability.addBlock(hash(i), hash(selected), mergeset);
      for (const p of parents) tips.delete(p);
      tips.add(i);
      if (heavier(i, virtualSelectedParent)) virtualSelectedParent = i;
      reachability.hintVirtualSelectedParent(hash(virtualSelectedParent));

      if (i % 100 === 0) checkRandomPairs(100, i + 1);
      if (i % 500 === 0) validateReachabilityTree(store, hash(0));
    }

    // Final state: the whole tree, many random pairs, full rows for some blocks, chain queries.
    validateReachabilityTree(store, hash(0));
    checkRandomPairs(5000, blocks);
    for (let r = 0; r < 40; r++) {
      const d = Math.floor(rng() * blocks);
      for (let a = 0; a < blocks; a++) {
        if (reachability.isDagAncestorOf(hash(a), hash(d)) !== bitTest(past[d] as Uint32Array, a)) {
          expect.fail(`seed ${seed}: isDagAncestorOf(${a}, ${d}) is wrong`);
        }
      }
      queries += blocks;
      const chain = new Set<number>();
      for (let b = d; b !== -1; b = treeParent[b] as number) chain.add(b);
      for (let a = 0; a < blocks; a++) {
        if (reachability.isChainAncestorOf(hash(a), hash(d)) !== chain.has(a)) {
          expect.fail(`seed ${seed}: isChainAncestorOf(${a}, ${d}) is wrong`);
        }
      }
      for (let b = d; b !== 0; b = treeParent[b] as number) {
        const parent = treeParent[b] as number;
        expect(reachability.getNextChainAncestor(hash(d), hash(parent))).to.equal(hash(b));
        expect(reachability.isStrictChainAncestorOf(hash(parent), hash(d))).to.equal(true);
      }
      expect(reachability.isStrictChainAncestorOf(hash(d), hash(d))).to.equal(false);
    }
    // Every future covering item is in the future of its block.
    for (let b = 0; b < blocks; b++) {
      for (const item of store.getFutureCoveringSet(hash(b))) {
        const index = Number(BigInt(item) % 4096n);
        expect(bitTest(past[index] as Uint32Array, b)).to.equal(true);
      }
    }
  } finally {
    spy.restore();
  }
  return { blocks, queries, counts: spy.counts };
}

describe("reachability: random DAG property test", function () {
  this.timeout(120_000);
  const configs: [seed: number, blocks: number, options: ReachabilityOptions][] = [
    [11, 2500, { reindexDepth: 2, reindexSlack: 3 }],
    [12, 2500, { reindexDepth: 4, reindexSlack: 8 }],
    [13, 2500, { reindexDepth: 1, reindexSlack: 1 }],
    [14, 2500, { reindexDepth: 10, reindexSlack: 20 }],
    [15, 2500, { reindexDepth: 6, reindexSlack: 2 }],
    [16, 3000, {}],
    [17, 2500, { reindexDepth: 4, reindexSlack: 8, reindexRootStride: 0 }],
    [18, 2500, { reindexDepth: 8, reindexSlack: 4, reindexRootStride: 12 }],
  ];
  const totals: Record<string, number> = {};
  let runs = 0;
  for (const [seed, blocks, options] of configs) {
    it(`agrees with naive past sets (seed ${seed}, ${blocks} blocks, depth ${options.reindexDepth ?? "default"}, slack ${options.reindexSlack ?? "default"}, stride ${options.reindexRootStride ?? "default"})`, function () {
      const stats = runRandomDag(seed, blocks, options);
      expect(stats.queries).to.be.greaterThan(50_000);
      for (const [name, count] of Object.entries(stats.counts)) totals[name] = (totals[name] ?? 0) + count;
      runs++;
    });
  }
  it("exercised every reindex path", function () {
    if (runs < configs.length) this.skip(); // some runs were filtered out
    expect(totals.reindexIntervals, "reindexes").to.be.greaterThan(0);
    expect(totals.reindexIntervalsEarlierThanRoot, "reindexes earlier than the root").to.be.greaterThan(0);
    expect(totals["reclaim before"], "reclaimed before the chain").to.be.greaterThan(0);
    expect(totals["reclaim after"], "reclaimed after the chain").to.be.greaterThan(0);
    expect(totals.concentrateInterval, "reindex root moves").to.be.greaterThan(0);
  });
});
