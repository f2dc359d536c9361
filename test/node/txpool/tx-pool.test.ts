import { createCustomCommon, Hardfork, Mainnet } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import { createTxFromRLP } from "@ethereumjs/tx";
import { bigIntToUnpaddedBytes, bytesToHex, concatBytes, intToBytes, SECP256K1_ORDER } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { expect } from "chai";
import fc from "fast-check";
import { TxPool, type TxAddedEvent, type TxDroppedEvent } from "../../../node/txpool/tx-pool.js";
import { TxPoolError, txPoolRpcError, type TxPoolErrorCode } from "../../../node/txpool/tx-pool-error.js";
import {
  alice,
  bob,
  carol,
  common,
  commonForChain,
  dave,
  eip1559,
  eip2930,
  eip7702,
  erin,
  FakeChainState,
  gwei,
  homesteadCommon,
  legacy,
  newPool,
  rejection,
  spec,
  typedEncoding,
  typedFields,
} from "./pool-fixture.js";

/** Asserts `promise` rejects with TxPoolError(code) whose message starts with `message`. */
async function expectRefusal(promise: Promise<unknown>, code: TxPoolErrorCode, message: string): Promise<TxPoolError> {
  const error = await rejection(promise);
  expect(error).to.be.instanceOf(TxPoolError);
  const refusal = error as TxPoolError;
  expect(refusal.code, refusal.message).to.equal(code);
  expect(refusal.message.startsWith(message), `"${refusal.message}" should start with "${message}"`).to.equal(true);
  return refusal;
}

function nonces(transactions: readonly { readonly nonce: bigint }[] | undefined): bigint[] {
  return (transactions ?? []).map((pooled) => pooled.nonce);
}

describe("TxPool", function () {
  describe("accepts", function () {
    it("legacy (EIP-155), EIP-2930, EIP-1559 and EIP-7702 transactions, as pending, under keccak256 of their bytes", async function () {
      const { pool } = newPool();
      const raws = [legacy(alice), eip2930(bob), eip1559(carol), eip7702(dave)];
      for (const raw of raws) {
        const hash = await pool.add(raw);
        expect(hash).to.equal(bytesToHex(keccak_256(raw)));
        expect(pool.has(hash)).to.equal(true);
        expect(pool.get(hash)?.raw).to.deep.equal(raw);
      }
      expect(pool.size).to.equal(4);
      const pending = pool.pending();
      expect([...pending.keys()]).to.have.members([alice.address, bob.address, carol.address, dave.address]);
      expect(pending.get(dave.address)?.[0].transaction.type).to.equal(4);
      expect(pool.queued().size).to.equal(0);
    });

    it("recovers each sender once, with the common's ecrecover, and the transaction keeps it", async function () {
      let recoveries = 0;
      const native = common.customCrypto.ecrecover;
      if (native === undefined) throw new Error("chainCommon has no native ecrecover");
      const counting = createCustomCommon({ chainId: Number(spec.chainId), name: spec.name }, Mainnet, {
        hardfork: Hardfork.Prague,
        customCrypto: {
          ecrecover: (...args: Parameters<typeof native>) => {
            recoveries += 1;
            return native(...args);
          },
        },
      });
      const pool = new TxPool({ common: counting, chainId: spec.chainId, accounts: new FakeChainState() });
      const raw = eip1559(alice);
      const hash = await pool.add(raw);
      expect(recoveries).to.equal(1);
      const pooled = pool.get(hash);
      expect(pooled?.sender).to.equal(alice.address);
      expect(pooled?.transaction.getSenderAddress().toString()).to.equal(alice.address);
      const [selected] = pool.selectForBlock({ baseFee: gwei, gasLimit: spec.blockGasLimit });
      expect(selected.getSenderAddress().toString()).to.equal(alice.address);
      expect(recoveries).to.equal(1);
      await expectRefusal(pool.add(raw), "AlreadyKnown", "already known");
      expect(recoveries, "a known transaction is refused before recovery").to.equal(1);
    });
  });

  describe("refuses, with geth's message", function () {
    it("a legacy transaction without EIP-155 replay protection", async function () {
      const { pool } = newPool();
      const raw = legacy(alice, {}, homesteadCommon());
      expect(createTxFromRLP(raw, { common: homesteadCommon() }).v).to.be.oneOf([27n, 28n]);
      await expectRefusal(pool.add(raw), "Unprotected", "only replay-protected (EIP-155) transactions allowed over RPC");
    });

    it("transactions signed for another chain", async function () {
      const { pool } = newPool();
      const other = commonForChain(1n);
      const message = "invalid sender: invalid chain id for signer: have 1 want 1337";
      await expectRefusal(pool.add(legacy(alice, {}, other)), "ChainIdMismatch", message);
      await expectRefusal(pool.add(eip1559(alice, {}, other)), "ChainIdMismatch", message);
      expect(pool.size).to.equal(0);
    });

    it("blob (EIP-4844) transactions and other well-framed unknown types", async function () {
      const { pool } = newPool();
      const [chainId, nonce, tip, feeCap, gas, to, value, data, accessList, , r, s] = typedFields(eip1559(alice));
      const blob = typedEncoding(3, [chainId, nonce, tip, feeCap, gas, to, value, data, accessList, intToBytes(1), [new Uint8Array(32)], new Uint8Array(), r, s]);
      await expectRefusal(pool.add(blob), "Unsupported", "transaction type not supported");
      await expectRefusal(pool.add(Uint8Array.of(0x05, 0xc0)), "Unsupported", "transaction type not supported");
    });

    it("an encoding larger than 128 KiB", async function () {
      const { pool } = newPool();
      const raw = eip1559(alice, { data: new Uint8Array(128 * 1024), gasLimit: 10_000_000n });
      await expectRefusal(pool.add(raw), "Oversized", `oversized data: transaction size ${raw.length}, limit 131072`);
    });

    it("a high s (EIP-2), r = 0 and a y parity above 1", async function () {
      const { pool } = newPool();
      const raw = eip1559(alice);
      const fields = typedFields(raw);
      const yParity = fields[9].length === 0 ? 0n : 1n;
      const highS = SECP256K1_ORDER - BigInt(bytesToHex(fields[11]));
      const flipped = bigIntToUnpaddedBytes(1n - yParity);
      for (const tampered of [
        [...fields.slice(0, 9), flipped, fields[10], bigIntToUnpaddedBytes(highS)],
        [...fields.slice(0, 10), new Uint8Array(), fields[11]],
        [...fields.slice(0, 9), intToBytes(2), fields[10], fields[11]],
      ]) {
        await expectRefusal(pool.add(typedEncoding(2, tampered)), "InvalidSignature", "invalid sender: invalid transaction v, r, s values");
      }
    });

    it("a tip above the fee cap", async function () {
      const { pool } = newPool();
      const fields = typedFields(eip1559(alice));
      fields[2] = bigIntToUnpaddedBytes(20n * gwei); // maxPriorityFeePerGas > maxFeePerGas (10 gwei)
      await expectRefusal(
        pool.add(typedEncoding(2, fields)),
        "TipAboveFeeCap",
        "max priority fee per gas higher than max fee per gas: maxPriorityFeePerGas: 20000000000, maxFeePerGas: 10000000000",
      );
    });

    it("a transaction already pooled", async function () {
      const { pool } = newPool();
      const raw = eip1559(alice);
      await pool.add(raw);
      await expectRefusal(pool.add(raw), "AlreadyKnown", "already known");
      // Both pass the check before recovery; the pool's serialised admission refuses the second.
      const twice = eip1559(bob);
      const outcomes = await Promise.allSettled([pool.add(twice), pool.add(twice)]);
      expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(["fulfilled", "rejected"]);
      expect(outcomes[1].status === "rejected" && (outcomes[1].reason as TxPoolError).code).to.equal("AlreadyKnown");
    });

    it("a nonce below the account nonce", async function () {
      const { pool, chain } = newPool();
      chain.nonces.set(alice.address, 5n);
      await expectRefusal(pool.add(eip1559(alice, { nonce: 3n })), "NonceTooLow", "nonce too low: next nonce 5, tx nonce 3");
    });

    it("a nonce 64 or more above the account nonce", async function () {
      const { pool, chain } = newPool();
      chain.nonces.set(alice.address, 10n);
      await expectRefusal(pool.add(eip1559(alice, { nonce: 74n })), "NonceTooHigh", "nonce too high: next nonce 10, tx nonce 74");
      await pool.add(eip1559(alice, { nonce: 73n }));
      expect(nonces(pool.queued().get(alice.address))).to.deep.equal([73n]);
    });

    it("a gas limit below the intrinsic gas (tx.getIntrinsicGas(): data, access list, authorizations)", async function () {
      const { pool } = newPool();
      await expectRefusal(pool.add(eip1559(alice, { gasLimit: 20_999n })), "IntrinsicGasTooLow", "intrinsic gas too low: have 20999, want 21000");
      // 100 non-zero calldata bytes: 21,000 + 100 × 16.
      const data = new Uint8Array(100).fill(1);
      await expectRefusal(pool.add(eip1559(alice, { data, gasLimit: 22_599n })), "IntrinsicGasTooLow", "intrinsic gas too low: have 22599, want 22600");
      // One authorization: 21,000 + 25,000.
      await expectRefusal(pool.add(eip7702(alice, { gasLimit: 45_999n })), "IntrinsicGasTooLow", "intrinsic gas too low: have 45999, want 46000");
    });

    it("a gas limit below the EIP-7623 calldata floor", async function () {
      const { pool } = newPool();
      // 100 non-zero bytes = 400 tokens: floor 21,000 + 400 × 10 = 25,000 above the intrinsic 22,600.
      const data = new Uint8Array(100).fill(1);
      await expectRefusal(
        pool.add(eip1559(alice, { data, gasLimit: 24_999n })),
        "FloorDataGasTooLow",
        "insufficient gas for floor data gas cost: gas 24999, minimum needed 25000",
      );
      await pool.add(eip1559(alice, { data, gasLimit: 25_000n }));
    });

    it("a gas limit above the block gas limit", async function () {
      const { pool, chain } = newPool();
      chain.gasLimit = 100_000n;
      await expectRefusal(pool.add(eip1559(alice, { gasLimit: 100_001n })), "GasLimitExceeded", "exceeds block gas limit");
    });

    it("a fee cap below the node's minimum gas price", async function () {
      const { pool, chain } = newPool();
      chain.minimumGasPrice = 2n * gwei;
      await expectRefusal(
        pool.add(eip1559(alice, { maxFeePerGas: gwei, maxPriorityFeePerGas: gwei })),
        "Underpriced",
        "transaction underpriced: fee cap 1000000000 below the minimum 2000000000",
      );
      await expectRefusal(pool.add(legacy(bob, { gasPrice: gwei })), "Underpriced", "transaction underpriced: fee cap 1000000000 below the minimum");
      await pool.add(eip1559(alice, { maxFeePerGas: 2n * gwei, maxPriorityFeePerGas: 0n }));
    });

    it("a sender who cannot pay value + gas limit × fee cap, alone or on top of its pooled transactions", async function () {
      const { pool, chain } = newPool();
      const cost = 1n + 21_000n * 10n * gwei;
      chain.balances.set(alice.address, cost - 1n);
      await expectRefusal(
        pool.add(eip1559(alice)),
        "InsufficientFunds",
        `insufficient funds for gas * price + value: balance ${cost - 1n}, tx cost ${cost}, overshot 1`,
      );
      chain.balances.set(alice.address, cost + cost / 2n);
      await pool.add(eip1559(alice));
      await expectRefusal(
        pool.add(eip1559(alice, { nonce: 1n })),
        "InsufficientFunds",
        `insufficient funds for gas * price + value: balance ${cost + cost / 2n}, queued cost ${cost}, tx cost ${cost}`,
      );
    });
  });

  describe("malformed input", function () {
    const valid = [legacy(alice), eip2930(alice), eip1559(alice), eip7702(alice)];
    const unknownTypeByte = (byte: number): boolean => byte <= 0x7f && byte !== 1 && byte !== 2 && byte !== 4;

    it("random bytes are refused as Malformed (or Unsupported for an unknown type byte), never another error", async function () {
      const { pool } = newPool();
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
          const error = await rejection(pool.add(bytes));
          expect(error).to.be.instanceOf(TxPoolError);
          const expected = bytes.length > 0 && unknownTypeByte(bytes[0]) ? ["Malformed", "Unsupported"] : ["Malformed"];
          expect((error as TxPoolError).code).to.be.oneOf(expected);
        }),
        { numRuns: 2000, seed: 1337 },
      );
      // Random bodies behind each supported envelope byte and behind RLP list prefixes.
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(0x01, 0x02, 0x04, 0xc8, 0xf8, 0xf9), fc.uint8Array({ maxLength: 300 }), async (first, body) => {
          const error = await rejection(pool.add(concatBytes(Uint8Array.of(first), body)));
          expect(error).to.be.instanceOf(TxPoolError);
          expect((error as TxPoolError).code).to.equal("Malformed");
        }),
        { numRuns: 2000, seed: 42 },
      );
    });

    it("every truncation of a valid transaction, and one with a trailing byte, is Malformed", async function () {
      const { pool } = newPool();
      for (const raw of valid) {
        for (let length = 0; length < raw.length; length++) {
          const error = await rejection(pool.add(raw.subarray(0, length)));
          expect(error, `prefix of ${length}/${raw.length} bytes of type ${raw[0]}`).to.be.instanceOf(TxPoolError);
          expect((error as TxPoolError).code, `prefix of ${length}/${raw.length} bytes`).to.equal("Malformed");
        }
        await expectRefusal(pool.add(concatBytes(raw, Uint8Array.of(0))), "Malformed", "rlp:");
      }
      expect(pool.size).to.equal(0);
    });

    it("wrong field counts, lists in integer fields, leading zeros, an RLP string", async function () {
      const { pool } = newPool();
      const fields = typedFields(eip1559(alice));
      await expectRefusal(pool.add(typedEncoding(2, fields.slice(0, 11))), "Malformed", "rlp: EIP-1559 transaction: expected 12 fields, got 11");
      await expectRefusal(pool.add(typedEncoding(2, [fields[0], [fields[1]], ...fields.slice(2)])), "Malformed", "rlp: expected an integer for nonce");
      const padded = [...fields];
      padded[1] = Uint8Array.of(0, 1);
      await expectRefusal(pool.add(typedEncoding(2, padded)), "Malformed", "rlp: non-canonical integer (leading zero bytes) for nonce");
      await expectRefusal(pool.add(RLP.encode(eip1559(alice))), "Malformed", "rlp: expected a transaction");
      await expectRefusal(pool.add(new Uint8Array()), "Malformed", "typed transaction too short");
    });
  });

  describe("replacement", function () {
    it("takes a transaction with the same sender and nonce paying 10% more on both fee cap and tip, and reports the old one", async function () {
      const { pool } = newPool();
      const dropped: TxDroppedEvent[] = [];
      const added: TxAddedEvent[] = [];
      pool.onDropped((event) => dropped.push(event));
      pool.onAdded((event) => added.push(event));
      const old = await pool.add(eip1559(alice, { maxFeePerGas: 100n * gwei, maxPriorityFeePerGas: 10n * gwei }));
      const replacement = await pool.add(eip1559(alice, { maxFeePerGas: 110n * gwei, maxPriorityFeePerGas: 11n * gwei }));
      expect(added.map((event) => [event.transaction.hash, event.pending, event.replaced?.hash])).to.deep.equal([
        [old, true, undefined],
        [replacement, true, old],
      ]);
      expect(pool.has(old)).to.equal(false);
      expect(pool.has(replacement)).to.equal(true);
      expect(pool.size).to.equal(1);
      expect(dropped.map((event) => [event.transaction.hash, event.reason])).to.deep.equal([[old, "Replaced"]]);
      expect(pool.pending().get(alice.address)?.[0].hash).to.equal(replacement);
    });

    it("refuses a replacement below +10% on either fee, or not strictly above", async function () {
      const { pool } = newPool();
      const old = await pool.add(eip1559(alice, { maxFeePerGas: 100n * gwei, maxPriorityFeePerGas: 10n * gwei }));
      for (const [maxFeePerGas, maxPriorityFeePerGas] of [
        [109n * gwei, 11n * gwei],
        [110n * gwei, 10n * gwei],
        [200n * gwei, 10_999_999_999n],
      ]) {
        await expectRefusal(
          pool.add(eip1559(alice, { maxFeePerGas, maxPriorityFeePerGas })),
          "ReplacementUnderpriced",
          "replacement transaction underpriced",
        );
      }
      expect(pool.has(old)).to.equal(true);
      // A zero tip: +10% of 0 is 0, but a replacement must still pay strictly more.
      await pool.add(eip1559(bob, { maxPriorityFeePerGas: 0n }));
      await expectRefusal(pool.add(eip1559(bob, { maxFeePerGas: 20n * gwei, maxPriorityFeePerGas: 0n })), "ReplacementUnderpriced", "replacement");
      await pool.add(eip1559(bob, { maxFeePerGas: 20n * gwei, maxPriorityFeePerGas: 1n }));
    });

    it("compares legacy gas prices as both fee cap and tip, across types", async function () {
      const { pool } = newPool();
      await pool.add(legacy(alice, { gasPrice: 10n * gwei }));
      await expectRefusal(pool.add(legacy(alice, { gasPrice: 10n * gwei + 1n })), "ReplacementUnderpriced", "replacement transaction underpriced");
      await pool.add(eip1559(alice, { maxFeePerGas: 11n * gwei, maxPriorityFeePerGas: 11n * gwei }));
      expect(pool.pending().get(alice.address)?.[0].transaction.type).to.equal(2);
    });
  });

  describe("pending and queued", function () {
    it("splits nonces into an executable run from the account nonce and the rest, and promotes when a gap closes", async function () {
      const { pool } = newPool();
      const pendingHashes: string[] = [];
      const added: TxAddedEvent[] = [];
      pool.onPending((hash) => pendingHashes.push(hash));
      pool.onAdded((event) => added.push(event));
      const h0 = await pool.add(eip1559(alice, { nonce: 0n }));
      const h1 = await pool.add(eip1559(alice, { nonce: 1n }));
      const h3 = await pool.add(eip1559(alice, { nonce: 3n }));
      const h4 = await pool.add(eip1559(alice, { nonce: 4n }));
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([0n, 1n]);
      expect(nonces(pool.queued().get(alice.address))).to.deep.equal([3n, 4n]);
      expect(await pool.nextNonce(alice.address)).to.equal(2n);
      expect(pendingHashes).to.deep.equal([h0, h1]);
      expect(added.map((event) => event.pending)).to.deep.equal([true, true, false, false]);
      expect(pool.counts()).to.deep.equal({ pending: 2, queued: 2 });

      const h2 = await pool.add(eip1559(alice, { nonce: 2n }));
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([0n, 1n, 2n, 3n, 4n]);
      expect(pool.queued().size).to.equal(0);
      expect(pendingHashes).to.deep.equal([h0, h1, h2, h3, h4]);
      expect(await pool.nextNonce(alice.address)).to.equal(5n);
      expect(await pool.nextNonce(bob.address)).to.equal(0n);
      expect(pool.contentFor(alice.address).pending).to.have.length(5);
      expect(pool.contentFor(bob.address)).to.deep.equal({ pending: [], queued: [] });
    });

    it("onChainChanged drops used nonces, promotes queued transactions and drops those now unaffordable", async function () {
      const { pool, chain } = newPool();
      const pendingHashes: string[] = [];
      const dropped: TxDroppedEvent[] = [];
      pool.onPending((hash) => pendingHashes.push(hash));
      pool.onDropped((event) => dropped.push(event));
      const a0 = await pool.add(eip1559(alice, { nonce: 0n }));
      const a2 = await pool.add(eip1559(alice, { nonce: 2n }));
      const a3 = await pool.add(eip1559(alice, { nonce: 3n }));
      const b0 = await pool.add(eip1559(bob, { nonce: 0n, value: 10n ** 18n }));
      expect(pendingHashes).to.deep.equal([a0, b0]);

      // A block took alice's nonces 0 and 1 (1 from elsewhere) and bob spent most of his balance.
      chain.nonces.set(alice.address, 2n);
      chain.balances.set(bob.address, 10n ** 18n);
      await pool.onChainChanged();
      expect(dropped.map((event) => [event.transaction.hash, event.reason])).to.deep.equal([
        [a0, "NonceUsed"],
        [b0, "Unaffordable"],
      ]);
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([2n, 3n]);
      expect(pool.pending().has(bob.address)).to.equal(false);
      expect(pendingHashes).to.deep.equal([a0, b0, a2, a3]);
      expect(pool.size).to.equal(2);

      // Everything mined: the pool is empty and holds no trace of the senders.
      chain.nonces.set(alice.address, 4n);
      await pool.onChainChanged([alice.address]);
      expect(pool.size).to.equal(0);
      expect(pool.pending().size).to.equal(0);
    });

    it("drops queued transactions of a sender idle for the queued lifetime, never pending ones", async function () {
      const { pool, clock } = newPool({ queuedLifetimeMs: 60_000 });
      const dropped: TxDroppedEvent[] = [];
      pool.onDropped((event) => dropped.push(event));
      await pool.add(eip1559(alice, { nonce: 0n }));
      const queued = await pool.add(eip1559(alice, { nonce: 5n }));
      clock.now += 60_000;
      await pool.onChainChanged();
      expect(pool.size).to.equal(2);
      clock.now += 1;
      await pool.onChainChanged();
      expect(dropped.map((event) => [event.transaction.hash, event.reason])).to.deep.equal([[queued, "Expired"]]);
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([0n]);
    });

    it("onChainChanged drops transactions above a lowered block gas limit, demoting the nonces behind them", async function () {
      const { pool, chain } = newPool();
      const dropped: TxDroppedEvent[] = [];
      pool.onDropped((event) => dropped.push(event));
      await pool.add(eip1559(alice, { nonce: 0n }));
      const big = await pool.add(eip1559(alice, { nonce: 1n, gasLimit: 1_000_000n }));
      await pool.add(eip1559(alice, { nonce: 2n }));
      chain.gasLimit = 500_000n;
      await pool.onChainChanged();
      expect(dropped.map((event) => [event.transaction.hash, event.reason])).to.deep.equal([[big, "GasLimitExceeded"]]);
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([0n]);
      expect(nonces(pool.queued().get(alice.address))).to.deep.equal([2n]);
    });

    it("an add reads the account afresh and forgets what the chain already used", async function () {
      const { pool, chain } = newPool();
      await pool.add(eip1559(alice, { nonce: 0n }));
      chain.nonces.set(alice.address, 1n);
      await pool.add(eip1559(alice, { nonce: 1n }));
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([1n]);
      expect(pool.size).to.equal(1);
    });

    it("drop(hash) removes one transaction and its sender's later nonces become queued", async function () {
      const { pool } = newPool();
      await pool.add(eip1559(alice, { nonce: 0n }));
      const middle = await pool.add(eip1559(alice, { nonce: 1n }));
      await pool.add(eip1559(alice, { nonce: 2n }));
      expect(await pool.drop(middle)).to.equal(true);
      expect(await pool.drop(middle)).to.equal(false);
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([0n]);
      expect(nonces(pool.queued().get(alice.address))).to.deep.equal([2n]);
    });

    it("reinject re-adds re-orged transactions and skips those the new chain already holds", async function () {
      const { pool, chain } = newPool();
      const transactions = [eip1559(alice, { nonce: 0n }), eip1559(alice, { nonce: 1n }), eip1559(bob, { nonce: 0n })];
      const decoded = transactions.map((raw) => createTxFromRLP(raw, { common }));
      chain.nonces.set(bob.address, 1n);
      const pooled = await pool.reinject(decoded);
      expect(pooled).to.deep.equal([bytesToHex(decoded[0].hash()), bytesToHex(decoded[1].hash())]);
      expect(await pool.reinject(decoded)).to.deep.equal([]);
      expect(nonces(pool.pending().get(alice.address))).to.deep.equal([0n, 1n]);
    });
  });

  describe("selectForBlock", function () {
    it("orders senders by effective tip, keeps each sender's nonce order and breaks ties by arrival", async function () {
      const { pool } = newPool();
      const a0 = await pool.add(eip1559(alice, { nonce: 0n, maxPriorityFeePerGas: 1n * gwei }));
      const a1 = await pool.add(eip1559(alice, { nonce: 1n, maxPriorityFeePerGas: 9n * gwei }));
      const b0 = await pool.add(eip1559(bob, { nonce: 0n, maxPriorityFeePerGas: 5n * gwei }));
      const c0 = await pool.add(eip1559(carol, { nonce: 0n, maxPriorityFeePerGas: 3n * gwei }));
      const d0 = await pool.add(legacy(dave, { gasPrice: 4n * gwei })); // tip at base fee 1 gwei: 3 gwei, after carol
      // Fee cap 2 gwei: at base fee 1 gwei its effective tip is 1 gwei, not its 2 gwei tip; it ties
      // with alice's nonce 0, which arrived first; alice's nonce 1 (9 gwei) can only follow her nonce 0.
      const e0 = await pool.add(eip1559(erin, { nonce: 0n, maxFeePerGas: 2n * gwei, maxPriorityFeePerGas: 2n * gwei }));
      const order = pool.selectForBlock({ baseFee: gwei, gasLimit: spec.blockGasLimit }).map((tx) => bytesToHex(tx.hash()));
      expect(order).to.deep.equal([b0, c0, d0, a0, a1, e0]);
    });

    it("skips a sender whose fee cap is below the base fee, with the nonces behind it", async function () {
      const { pool } = newPool();
      const a0 = await pool.add(eip1559(alice, { nonce: 0n, maxFeePerGas: 20n * gwei }));
      await pool.add(eip1559(alice, { nonce: 1n, maxFeePerGas: 5n * gwei }));
      await pool.add(eip1559(alice, { nonce: 2n, maxFeePerGas: 20n * gwei }));
      await pool.add(eip1559(bob, { nonce: 0n, maxFeePerGas: 5n * gwei }));
      const selected = pool.selectForBlock({ baseFee: 6n * gwei, gasLimit: spec.blockGasLimit }).map((tx) => bytesToHex(tx.hash()));
      expect(selected).to.deep.equal([a0]);
    });

    it("fills the gas limit, counting gas limits, and skips a sender whose next transaction does not fit", async function () {
      const { pool } = newPool();
      const big = await pool.add(eip1559(alice, { gasLimit: 60_000n, maxPriorityFeePerGas: 9n * gwei }));
      const a1 = await pool.add(eip1559(alice, { nonce: 1n, maxPriorityFeePerGas: 9n * gwei }));
      const b0 = await pool.add(eip1559(bob, { maxPriorityFeePerGas: 2n * gwei }));
      const c0 = await pool.add(eip1559(carol, { maxPriorityFeePerGas: 1n * gwei }));
      await pool.add(eip1559(dave, { maxPriorityFeePerGas: 1n * gwei }));
      const fits = (gasLimit: bigint) => pool.selectForBlock({ baseFee: gwei, gasLimit }).map((tx) => bytesToHex(tx.hash()));
      expect(fits(50_000n)).to.deep.equal([b0, c0]);
      expect(fits(81_000n)).to.deep.equal([big, a1]);
      expect(fits(80_999n)).to.deep.equal([big]);
      expect(fits(20_999n)).to.deep.equal([]);
      expect(pool.size, "selection leaves the pool unchanged").to.equal(5);
    });

    it("takes only executable transactions (no queued nonce)", async function () {
      const { pool } = newPool();
      await pool.add(eip1559(alice, { nonce: 1n }));
      expect(pool.selectForBlock({ baseFee: gwei, gasLimit: spec.blockGasLimit })).to.deep.equal([]);
    });
  });

  describe("limits", function () {
    it("refuses a sender's transaction past maxPerSender, but still takes its replacements", async function () {
      const { pool } = newPool({ maxPerSender: 3 });
      for (const nonce of [0n, 1n, 2n]) await pool.add(eip1559(alice, { nonce }));
      await expectRefusal(pool.add(eip1559(alice, { nonce: 3n })), "SenderLimitExceeded", "txpool is full for this sender");
      await pool.add(eip1559(alice, { nonce: 2n, maxFeePerGas: 20n * gwei, maxPriorityFeePerGas: 2n * gwei }));
      await pool.add(eip1559(bob));
      expect(pool.size).to.equal(4);
    });

    it("when full, evicts another sender's cheapest last transaction for a better-paying one, else refuses", async function () {
      const { pool } = newPool({ maxTotal: 4 });
      const dropped: TxDroppedEvent[] = [];
      pool.onDropped((event) => dropped.push(event));
      await pool.add(eip1559(alice, { nonce: 0n, maxPriorityFeePerGas: 1n * gwei }));
      const a1 = await pool.add(eip1559(alice, { nonce: 1n, maxPriorityFeePerGas: 3n * gwei }));
      await pool.add(eip1559(bob, { maxPriorityFeePerGas: 4n * gwei }));
      await pool.add(eip1559(carol, { maxPriorityFeePerGas: 5n * gwei }));
      await expectRefusal(pool.add(eip1559(dave, { maxPriorityFeePerGas: 3n * gwei })), "PoolFull", "txpool is full");
      // alice's nonce 0 pays least, but evicting it would strand nonce 1: her last one goes.
      const d0 = await pool.add(eip1559(dave, { maxPriorityFeePerGas: 6n * gwei }));
      expect(dropped.map((event) => [event.transaction.hash, event.reason])).to.deep.equal([[a1, "Evicted"]]);
      expect(pool.size).to.equal(4);
      expect(pool.has(d0)).to.equal(true);
      // A sender never evicts its own transactions; replacements need no room.
      await expectRefusal(pool.add(eip1559(dave, { nonce: 1n, maxPriorityFeePerGas: gwei / 2n })), "PoolFull", "txpool is full");
      await pool.add(eip1559(dave, { maxFeePerGas: 20n * gwei, maxPriorityFeePerGas: 7n * gwei }));
      expect(pool.size).to.equal(4);
    });
  });

  describe("events and errors", function () {
    it("unsubscribes, and a throwing listener neither stops the others nor the add", async function () {
      const failures: unknown[] = [];
      const pool = new TxPool({ common, chainId: spec.chainId, accounts: new FakeChainState(), onListenerError: (error) => failures.push(error) });
      const seen: string[] = [];
      pool.onPending(() => {
        throw new Error("subscriber bug");
      });
      const stop = pool.onPending((hash) => seen.push(hash));
      const first = await pool.add(eip1559(alice));
      stop();
      await pool.add(eip1559(bob));
      expect(seen).to.deep.equal([first]);
      expect(failures).to.have.length(2);
      expect(pool.size).to.equal(2);
    });

    it("maps every refusal to geth's JSON-RPC error: code -32000 and the message", async function () {
      const { pool } = newPool();
      const refusal = await expectRefusal(pool.add(legacy(alice, {}, homesteadCommon())), "Unprotected", "only");
      expect(txPoolRpcError(refusal)).to.deep.equal({ code: -32000, message: "only replay-protected (EIP-155) transactions allowed over RPC" });
    });

    it("refuses a chain id other than the common's at construction", function () {
      expect(() => new TxPool({ common, chainId: 1n, accounts: new FakeChainState() })).to.throw("chain id");
      expect(() => new TxPool({ common, chainId: spec.chainId, accounts: new FakeChainState(), limits: { maxTotal: 0 } })).to.throw(RangeError);
    });
  });
});
