import { expect } from "chai";
import {
  formatBytes256,
  formatBytes8,
  formatData,
  formatHash32,
  parseBytes256,
  parseBytes8,
  parseData,
  parseHash32,
} from "../../../../node/rpc/codec/data.js";
import { RpcErrorCode } from "../../../../node/rpc/json-rpc.js";
import { rpcErrorOf } from "../../../support/rpc-harness.js";

describe("rpc codec: DATA", function () {
  it("parses even-length hex to bytes and formats them back in lower case", function () {
    expect(parseData("0x", "d")).to.deep.equal(new Uint8Array());
    expect(parseData("0x00ff10", "d")).to.deep.equal(Uint8Array.from([0, 255, 16]));
    expect(parseData("0xABcd", "d")).to.deep.equal(Uint8Array.from([0xab, 0xcd]));
    expect(formatData(Uint8Array.from([0, 255, 16]))).to.equal("0x00ff10");
    expect(formatData(new Uint8Array())).to.equal("0x");
  });

  it("returns a plain Uint8Array that owns its bytes", function () {
    const bytes = parseData("0x0102", "d");
    expect(Object.getPrototypeOf(bytes)).to.equal(Uint8Array.prototype);
    expect(bytes.buffer.byteLength).to.equal(2);
  });

  it("formats a view into a larger buffer by its own bytes only", function () {
    const backing = Uint8Array.from([1, 2, 3, 4, 5]);
    expect(formatData(backing.subarray(1, 3))).to.equal("0x0203");
  });

  const bad: Array<[unknown, RegExp]> = [
    ["0x0", /invalid input: hex string of odd length \(1 digits\)/],
    ["0x123", /odd length/],
    ["1234", /without 0x prefix/],
    ["0xzz", /non-hex character/],
    [42, /got the number 42/],
    [{}, /got an object/],
    [true, /got the boolean true/],
  ];
  for (const [value, message] of bad) {
    it(`refuses ${JSON.stringify(value)} with -32602`, function () {
      const error = rpcErrorOf(() => parseData(value, "input"));
      expect(error.code).to.equal(RpcErrorCode.InvalidParams);
      expect(error.message).to.match(message);
    });
  }

  it("checks the length of fixed-size values: hash32, bytes8, bytes256", function () {
    const hash = `0x${"ab".repeat(32)}`;
    expect(formatHash32(parseHash32(hash, "h"))).to.equal(hash);
    expect(formatBytes8(parseBytes8("0x0000000000000042", "n"))).to.equal("0x0000000000000042");
    const bloom = `0x${"00".repeat(255)}01`;
    expect(formatBytes256(parseBytes256(bloom, "b"))).to.equal(bloom);

    expect(rpcErrorOf(() => parseHash32(`0x${"ab".repeat(31)}`, "blockHash")).message).to.equal(
      "invalid blockHash: expected 32 bytes (64 hex digits), got 62 hex digits",
    );
    expect(rpcErrorOf(() => parseHash32(`0x${"ab".repeat(33)}`, "h")).message).to.match(/got 66 hex digits/);
    expect(rpcErrorOf(() => parseBytes8("0x00", "nonce")).message).to.match(/invalid nonce: expected 8 bytes/);
    expect(rpcErrorOf(() => parseBytes256("0x", "logsBloom")).message).to.match(/expected 256 bytes/);
    expect(rpcErrorOf(() => parseHash32(`0x${"a".repeat(63)}`, "h")).code).to.equal(RpcErrorCode.InvalidParams);
  });

  it("refuses to format fixed-size values of the wrong length", function () {
    expect(() => formatHash32(new Uint8Array(31))).to.throw(RangeError, /expected 32 bytes/);
    expect(() => formatBytes8(new Uint8Array(9))).to.throw(RangeError);
    expect(() => formatBytes256(new Uint8Array(0))).to.throw(RangeError);
  });
});
