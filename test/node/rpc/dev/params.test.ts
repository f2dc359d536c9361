import { expect } from "chai";
import { Transaction } from "ethers";
import { formatAddress } from "../../../../node/rpc/codec/address.js";
import { RpcError } from "../../../../node/rpc/json-rpc.js";
import { evmIncreaseTime, evmMine, evmSetNextBlockTimestamp, hardhatMine, parseSeconds } from "../../../../node/rpc/methods/dev/mining.js";
import { fillFees, transactionToSign } from "../../../../node/rpc/methods/dev/send-transaction.js";
import { parseTransactionArgs, type TransactionArgs } from "../../../../node/rpc/methods/dev/transaction-args.js";
import { rpcErrorOf } from "../../../support/rpc-harness.js";

const FROM = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const TO = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const PARAM = "argument 0 (transaction)";
const GWEI = 1_000_000_000n;

function args(fields: Record<string, unknown>): TransactionArgs {
  return parseTransactionArgs({ from: FROM, ...fields }, PARAM);
}

function refusal(fields: unknown): RpcError {
  return rpcErrorOf(() => parseTransactionArgs(fields, PARAM));
}

describe("rpc dev methods: parameters", function () {
  describe("eth_sendTransaction's transaction object", function () {
    it("reads the call fields, nonce, type, chainId and an access list", function () {
      const parsed = args({
        to: TO,
        gas: "0x5208",
        value: "0xde0b6b3a7640000",
        input: "0xabcd",
        nonce: "0x7",
        type: "0x2",
        chainId: "0x539",
        maxFeePerGas: "0x77359400",
        maxPriorityFeePerGas: "0x3b9aca00",
        accessList: [{ address: TO, storageKeys: [`0x${"00".repeat(31)}01`] }],
      });
      expect(formatAddress(parsed.from)).to.equal(FROM);
      expect(formatAddress(parsed.to as Uint8Array)).to.equal(TO);
      expect(parsed).to.include({ gas: 21_000n, value: 10n ** 18n, nonce: 7n, type: 2, chainId: 1337n, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI });
      expect(Buffer.from(parsed.data).toString("hex")).to.equal("abcd");
      expect(parsed.accessList?.[0].storageKeys[0][31]).to.equal(1);
    });

    it("leaves out what the node fills (a creation has no `to`; `data` is a synonym of `input`)", function () {
      const parsed = args({ data: "0x6000", to: null, nonce: null });
      expect(parsed.to).to.equal(undefined);
      expect(parsed.nonce).to.equal(undefined);
      expect(parsed.type).to.equal(undefined);
      expect(parsed.gas).to.equal(undefined);
      expect(Buffer.from(parsed.data).toString("hex")).to.equal("6000");
    });

    it("refuses a missing from, unknown types, contradicting fee fields and other transaction kinds' fields", function () {
      expect(refusal({ to: TO }).message).to.equal(`invalid ${PARAM}: missing "from": the account to send from`);
      expect(refusal("0x00").code).to.equal(-32602);
      expect(refusal({ from: FROM, type: "0x3" }).message).to.match(/transaction type 0x3 cannot be sent with eth_sendTransaction/);
      expect(refusal({ from: FROM, type: "0x4" }).code).to.equal(-32602);
      expect(refusal({ from: FROM, type: "0x0", maxFeePerGas: "0x1" }).message).to.match(/for type 0x2 transactions, not type 0x0/);
      expect(refusal({ from: FROM, type: "0x2", gasPrice: "0x1" }).message).to.match(/gasPrice is for type 0x0 and 0x1/);
      expect(refusal({ from: FROM, gasPrice: "0x1", maxFeePerGas: "0x1" }).message).to.match(/both gasPrice and/);
      expect(refusal({ from: FROM, type: "0x0", accessList: [] }).message).to.match(/legacy\) transaction has no access list/);
      expect(refusal({ from: FROM, maxFeePerGas: "0x1", maxPriorityFeePerGas: "0x2" }).message).to.equal(`invalid ${PARAM}: maxFeePerGas (1) < maxPriorityFeePerGas (2)`);
      expect(refusal({ from: FROM, authorizationList: [] }).message).to.match(/"authorizationList" is not supported/);
      expect(refusal({ from: FROM, blobVersionedHashes: [] }).code).to.equal(-32602);
      expect(refusal({ from: FROM, accessList: {} }).message).to.match(/accessList: expected an access list/);
      expect(refusal({ from: FROM, accessList: [{ address: TO, storageKeys: ["0x01"] }] }).message).to.match(/accessList\[0\]\.storageKeys\[0\]/);
      expect(refusal({ from: FROM, nonce: "0x10000000000000000" }).message).to.match(/nonce: hex number > 64 bits/);
      expect(refusal({ from: "0xF39fd6e51aad88f6f4ce6ab8827279cfffb92266" }).message).to.match(/EIP-55 checksum/);
    });
  });

  describe("fees and the transaction to sign", function () {
    const baseFee = 7n * GWEI;

    it("defaults to EIP-1559: the suggested tip, and a fee cap of twice the next base fee plus the tip", function () {
      expect(fillFees(args({}), baseFee, GWEI)).to.deep.equal({ type: 2, maxFeePerGas: 15n * GWEI, maxPriorityFeePerGas: GWEI });
      expect(fillFees(args({ maxPriorityFeePerGas: "0x2" }), baseFee, GWEI)).to.deep.equal({ type: 2, maxFeePerGas: 14n * GWEI + 2n, maxPriorityFeePerGas: 2n });
      // A fee cap below the suggested tip caps the tip (Hardhat's rule), so the transaction stays valid.
      expect(fillFees(args({ maxFeePerGas: "0x64" }), baseFee, GWEI)).to.deep.equal({ type: 2, maxFeePerGas: 100n, maxPriorityFeePerGas: 100n });
      expect(fillFees(args({ accessList: [] }), baseFee, GWEI).type).to.equal(2);
    });

    it("sends legacy when gasPrice (or type 0x0/0x1) is given, pricing it as eth_gasPrice does", function () {
      expect(fillFees(args({ gasPrice: "0x3b9aca00" }), baseFee, GWEI)).to.deep.equal({ type: 0, gasPrice: GWEI });
      expect(fillFees(args({ gasPrice: "0x3b9aca00", accessList: [] }), baseFee, GWEI)).to.deep.equal({ type: 1, gasPrice: GWEI });
      expect(fillFees(args({ type: "0x0" }), baseFee, GWEI)).to.deep.equal({ type: 0, gasPrice: 8n * GWEI });
      expect(fillFees(args({ type: "0x1" }), baseFee, GWEI)).to.deep.equal({ type: 1, gasPrice: 8n * GWEI });
    });

    it("builds a transaction ethers serializes as the type it names", function () {
      const parsed = args({ to: TO, value: "0x1", input: "0x", accessList: [{ address: TO, storageKeys: [] }] });
      const dynamic = Transaction.from(transactionToSign(parsed, { chainId: 1337n, nonce: 3n, gasLimit: 30_000n, fees: fillFees(parsed, baseFee, GWEI) }));
      expect(dynamic).to.include({ type: 2, nonce: 3, to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", data: "0x" });
      expect(dynamic.accessList).to.have.length(1);
      expect([dynamic.chainId, dynamic.gasLimit, dynamic.maxFeePerGas, dynamic.value]).to.deep.equal([1337n, 30_000n, 15n * GWEI, 1n]);

      const creation = args({ type: "0x0", data: "0x6000" });
      const legacy = Transaction.from(transactionToSign(creation, { chainId: 1337n, nonce: 0n, gasLimit: 60_000n, fees: fillFees(creation, baseFee, GWEI) }));
      expect(legacy).to.include({ type: 0, to: null, data: "0x6000" });
      expect(legacy.gasPrice).to.equal(8n * GWEI);
    });
  });

  describe("seconds, timestamps and block counts", function () {
    it("takes a JSON number or a QUANTITY, as Hardhat's test methods do", function () {
      expect(parseSeconds(0, "p")).to.equal(0n);
      expect(parseSeconds(3600, "p")).to.equal(3600n);
      expect(parseSeconds("0xe10", "p")).to.equal(3600n);
      expect(evmMine.parseParams([])).to.deep.equal([undefined]);
      expect(evmMine.parseParams([1_900_000_000])).to.deep.equal([1_900_000_000n]);
      expect(evmSetNextBlockTimestamp.parseParams(["0x71410d00"])).to.deep.equal([1_900_088_576n]);
      expect(evmIncreaseTime.parseParams([60])).to.deep.equal([60n]);
    });

    it("refuses negative, fractional, unsafe and non-numeric values", function () {
      for (const bad of [-1, 1.5, 2 ** 53, "60", "0x", "0x01", true, {}]) {
        expect(rpcErrorOf(() => evmIncreaseTime.parseParams([bad])).code, String(bad)).to.equal(-32602);
      }
      expect(rpcErrorOf(() => evmIncreaseTime.parseParams([-1])).message).to.equal(
        "invalid argument 0 (seconds): expected a non-negative integer number of seconds, got the number -1",
      );
      expect(rpcErrorOf(() => evmSetNextBlockTimestamp.parseParams([])).message).to.equal("missing value for required argument 0 (timestamp)");
      expect(rpcErrorOf(() => evmMine.parseParams(["0x10000000000000000"])).message).to.match(/hex number > 64 bits/);
    });

    it("reads hardhat_mine's optional block count and interval as QUANTITY, refusing a zero interval", function () {
      expect(hardhatMine.parseParams([])).to.deep.equal([undefined, undefined]);
      expect(hardhatMine.parseParams(["0x3e8", "0x3c"])).to.deep.equal([1000n, 60n]);
      expect(hardhatMine.parseParams(["0x0"])).to.deep.equal([0n, undefined]);
      expect(rpcErrorOf(() => hardhatMine.parseParams(["0x1", "0x0"])).message).to.equal(
        "invalid argument 1 (interval): the interval must be at least 1 second: Citrate block timestamps strictly increase",
      );
      expect(rpcErrorOf(() => hardhatMine.parseParams([10])).code).to.equal(-32602);
    });
  });
});
