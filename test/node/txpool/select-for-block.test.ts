import { createTxFromRLP } from "@ethereumjs/tx";
import { expect } from "chai";
import fc from "fast-check";
import type { Address } from "../../../node/txpool/account-state-reader.js";
import { PriorityHeap } from "../../../node/txpool/priority-heap.js";
import { effectiveTip, type PooledTransaction } from "../../../node/txpool/pooled-transaction.js";
import { selectForBlock } from "../../../node/txpool/select-for-block.js";
import { alice, common, eip1559 } from "./pool-fixture.js";

/** selectForBlock reads only the pooled figures; one real transaction object stands in for all. */
const placeholder = createTxFromRLP(eip1559(alice), { common });

interface SyntheticTransaction {
  readonly gasLimit: bigint;
  readonly feeCap: bigint;
  readonly tipCap: bigint;
}

function pendingOf(senders: readonly (readonly SyntheticTransaction[])[]): Map<Address, PooledTransaction[]> {
  const pending = new Map<Address, PooledTransaction[]>();
  let sequence = 0;
  senders.forEach((transactions, s) => {
    const sender = `0x${s.toString(16).padStart(40, "0")}` as Address;
    pending.set(
      sender,
      transactions.map((fields, nonce) => ({
        hash: `0x${(sequence + 1).toString(16).padStart(64, "0")}`,
        sender,
        transaction: placeholder,
        raw: new Uint8Array(),
        nonce: BigInt(nonce),
        gasLimit: fields.gasLimit,
        feeCap: fields.feeCap,
        tipCap: fields.tipCap,
        cost: 0n,
        arrivedAt: 0,
        // Interleaved arrival across senders, so ties are broken by something other than sender order.
        sequence: (sequence += 7919) % 100_003,
      })),
    );
  });
  return pending;
}

/** The rule stated plainly, without a heap: repeatedly take the best eligible sender head. */
function naiveSelection(pending: Map<Address, PooledTransaction[]>, baseFee: bigint, gasLimit: bigint): PooledTransaction[] {
  const heads = new Map([...pending.keys()].map((sender) => [sender, 0]));
  const selected: PooledTransaction[] = [];
  let gasLeft = gasLimit;
  for (;;) {
    let best: [Address, PooledTransaction] | undefined;
    for (const [sender, index] of heads) {
      const head = pending.get(sender)?.[index];
      if (head === undefined || head.feeCap < baseFee) {
        heads.delete(sender);
        continue;
      }
      const tip = effectiveTip(head, baseFee);
      const bestTip = best === undefined ? undefined : effectiveTip(best[1], baseFee);
      if (best === undefined || bestTip === undefined || tip > bestTip || (tip === bestTip && head.sequence < best[1].sequence)) best = [sender, head];
    }
    if (best === undefined || gasLeft < 21_000n) return selected;
    const [sender, head] = best;
    if (head.gasLimit > gasLeft) {
      heads.delete(sender);
      continue;
    }
    selected.push(head);
    gasLeft -= head.gasLimit;
    heads.set(sender, (heads.get(sender) ?? 0) + 1);
  }
}

const syntheticTransaction = fc.record({
  gasLimit: fc.constantFrom(21_000n, 30_000n, 50_000n, 100_000n),
  feeCap: fc.bigInt({ min: 1n, max: 20n }),
  tipCap: fc.bigInt({ min: 0n, max: 20n }),
});

describe("selectForBlock", function () {
  it("agrees with the plain greedy rule, keeps nonce order, respects the base fee and the gas limit", function () {
    fc.assert(
      fc.property(
        fc.array(fc.array(syntheticTransaction, { maxLength: 6 }), { maxLength: 12 }),
        fc.bigInt({ min: 0n, max: 15n }),
        fc.bigInt({ min: 0n, max: 400_000n }),
        (senders, baseFee, gasLimit) => {
          const pending = pendingOf(senders);
          const selected = selectForBlock(pending, { baseFee, gasLimit });
          expect(selected).to.deep.equal(naiveSelection(pending, baseFee, gasLimit));
          expect(selected.reduce((gas, pooled) => gas + pooled.gasLimit, 0n) <= gasLimit).to.equal(true);
          const nextNonce = new Map<Address, bigint>();
          for (const pooled of selected) {
            expect(pooled.feeCap >= baseFee).to.equal(true);
            expect(pooled.nonce).to.equal(nextNonce.get(pooled.sender) ?? 0n);
            nextNonce.set(pooled.sender, pooled.nonce + 1n);
          }
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe("PriorityHeap", function () {
  it("pops in the order `before` defines, through pushes, pops and replaceTop", function () {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.array(fc.integer({ min: -50, max: 50 })), (values, replacements) => {
        const heap = new PriorityHeap<number>((a, b) => a > b);
        for (const value of values) heap.push(value);
        const expected = [...values];
        for (const replacement of replacements) {
          if (heap.size === 0) break;
          expected.splice(expected.indexOf(Math.max(...expected)), 1, replacement);
          heap.replaceTop(replacement);
        }
        const popped: number[] = [];
        for (let next = heap.pop(); next !== undefined; next = heap.pop()) popped.push(next);
        expect(popped).to.deep.equal(expected.sort((a, b) => b - a));
        expect(heap.peek()).to.equal(undefined);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
