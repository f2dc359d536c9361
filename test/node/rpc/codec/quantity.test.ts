import { expect } from "chai";
import { formatQuantity, parseQuantity } from "../../../../node/rpc/codec/quantity.js";
import { RpcErrorCode } from "../../../../node/rpc/json-rpc.js";
import { rpcErrorOf } from "../../../support/rpc-harness.js";

describe("rpc codec: QUANTITY", function () {
  it("parses canonical quantities to bigints", function () {
    expect(parseQuantity("0x0", "q")).to.equal(0n);
    expect(parseQuantity("0x1", "q")).to.equal(1n);
    expect(parseQuantity("0x400", "q")).to.equal(1024n);
    expect(parseQuantity("0xDeadBeef", "q")).to.equal(0xdeadbeefn);
    expect(parseQuantity(`0x${"f".repeat(64)}`, "q")).to.equal(2n ** 256n - 1n);
  });

  it("formats bigints and safe integers without leading zeros", function () {
    expect(formatQuantity(0n)).to.equal("0x0");
    expect(formatQuantity(0)).to.equal("0x0");
    expect(formatQuantity(1024)).to.equal("0x400");
    expect(formatQuantity(2n ** 256n - 1n)).to.equal(`0x${"f".repeat(64)}`);
    for (const value of [0n, 1n, 255n, 2n ** 64n, 12345678901234567890n]) {
      expect(parseQuantity(formatQuantity(value), "q")).to.equal(value);
    }
  });

  const bad: Array<[unknown, RegExp]> = [
    [1, /invalid gasPrice: expected a 0x-prefixed hex string, got the number 1/],
    [null, /got null/],
    [["0x1"], /got an array/],
    ["12", /invalid gasPrice: hex string without 0x prefix/],
    ["0x", /empty hex number "0x"/],
    ["0x01", /leading zero digits/],
    ["0x00", /leading zero digits/],
    ["0xg1", /non-hex character/],
    ["0x 1", /non-hex character/],
    [`0x1${"0".repeat(64)}`, /hex number > 256 bits/],
  ];
  for (const [value, message] of bad) {
    it(`refuses ${JSON.stringify(value)} with -32602 naming the parameter`, function () {
      const error = rpcErrorOf(() => parseQuantity(value, "gasPrice"));
      expect(error.code).to.equal(RpcErrorCode.InvalidParams);
      expect(error.message).to.match(message);
      expect(error.message).to.match(/^invalid gasPrice: /);
    });
  }

  it("applies a narrower width when asked (64-bit block numbers)", function () {
    expect(parseQuantity(`0x${"f".repeat(16)}`, "n", 64)).to.equal(2n ** 64n - 1n);
    expect(rpcErrorOf(() => parseQuantity(`0x1${"0".repeat(16)}`, "n", 64)).message).to.match(/> 64 bits/);
    expect(rpcErrorOf(() => parseQuantity("0x20000000000000", "n", 53)).message).to.match(/> 53 bits/);
  });

  it("refuses a megabyte of digits without converting it", function () {
    expect(rpcErrorOf(() => parseQuantity(`0x${"f".repeat(1 << 20)}`, "q")).message).to.match(/> 256 bits/);
  });

  it("refuses to format negative or unsafe numbers (a bug in the node, not the request)", function () {
    expect(() => formatQuantity(-1n)).to.throw(RangeError, /negative/);
    expect(() => formatQuantity(-1)).to.throw(RangeError, /negative/);
    expect(() => formatQuantity(1.5)).to.throw(RangeError, /not a safe integer/);
    expect(() => formatQuantity(2 ** 53)).to.throw(RangeError, /not a safe integer/);
  });
});
