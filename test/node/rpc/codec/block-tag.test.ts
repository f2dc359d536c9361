import { expect } from "chai";
import { BLOCK_TAGS, parseBlockNumberOrTag, parseBlockSelector } from "../../../../node/rpc/codec/block-tag.js";
import { RpcErrorCode } from "../../../../node/rpc/json-rpc.js";
import { rpcErrorOf } from "../../../support/rpc-harness.js";

const HASH = `0x${"12".repeat(32)}`;
const HASH_BYTES = new Uint8Array(32).fill(0x12);

describe("rpc codec: block tag and EIP-1898 block parameter", function () {
  it("parses every tag and QUANTITY block numbers", function () {
    for (const tag of BLOCK_TAGS) expect(parseBlockNumberOrTag(tag, "block")).to.equal(tag);
    expect(parseBlockNumberOrTag("0x0", "block")).to.equal(0n);
    expect(parseBlockNumberOrTag("0x1b4", "block")).to.equal(436n);
    expect(parseBlockNumberOrTag(`0x${"f".repeat(16)}`, "block")).to.equal(2n ** 64n - 1n);
  });

  const badNumbers: Array<[unknown, RegExp]> = [
    ["Latest", /expected a block number \(hex QUANTITY\) or one of latest, pending, earliest, safe, finalized/],
    ["100", /or one of latest/],
    ["", /or one of latest/],
    [100, /got the number 100/],
    [null, /got null/],
    ["0x01", /leading zero digits/],
    [`0x1${"0".repeat(16)}`, /> 64 bits/],
  ];
  for (const [value, message] of badNumbers) {
    it(`refuses the block number ${JSON.stringify(value)}`, function () {
      const error = rpcErrorOf(() => parseBlockNumberOrTag(value, "argument 1 (block)"));
      expect(error.code).to.equal(RpcErrorCode.InvalidParams);
      expect(error.message).to.match(/^invalid argument 1 \(block\): /);
      expect(error.message).to.match(message);
    });
  }

  it("parses EIP-1898 objects: blockHash (with requireCanonical) and blockNumber", function () {
    expect(parseBlockSelector({ blockHash: HASH }, "b")).to.deep.equal({ blockHash: HASH_BYTES, requireCanonical: false });
    expect(parseBlockSelector({ blockHash: HASH, requireCanonical: true }, "b")).to.deep.equal({
      blockHash: HASH_BYTES,
      requireCanonical: true,
    });
    expect(parseBlockSelector({ blockNumber: "0x10" }, "b")).to.equal(16n);
    expect(parseBlockSelector({ blockNumber: "safe" }, "b")).to.equal("safe");
    expect(parseBlockSelector("finalized", "b")).to.equal("finalized");
    expect(parseBlockSelector("0x2", "b")).to.equal(2n);
  });

  it("takes a bare 32-byte hash as a block hash (execution-apis' BlockNumberOrTagOrHash, as geth)", function () {
    expect(parseBlockSelector(HASH, "b")).to.deep.equal({ blockHash: HASH_BYTES, requireCanonical: false });
    expect(parseBlockSelector(HASH.replace("0x", "0X"), "b")).to.deep.equal({ blockHash: HASH_BYTES, requireCanonical: false });
    expect(rpcErrorOf(() => parseBlockSelector(`0x${"zz".repeat(32)}`, "block")).message).to.match(/^invalid block: /);
    expect(rpcErrorOf(() => parseBlockNumberOrTag(HASH, "block")).message).to.match(/> 64 bits/);
  });

  const badSelectors: Array<[unknown, RegExp]> = [
    [{}, /needs blockHash or blockNumber/],
    [{ blockHash: HASH, blockNumber: "0x1" }, /cannot specify both blockHash and blockNumber/],
    [{ blockHash: "0x12" }, /^invalid block\.blockHash: expected 32 bytes/],
    [{ blockHash: HASH, requireCanonical: "yes" }, /^invalid block\.requireCanonical: expected true or false/],
    [{ blockNumber: "0x1", requireCanonical: true }, /requireCanonical applies only to a blockHash/],
    [{ blockNumber: "one" }, /^invalid block\.blockNumber: /],
    [{ blockHash: HASH, requireCanonicall: true }, /unknown member "requireCanonicall"/],
    [[HASH], /got an array/],
  ];
  for (const [value, message] of badSelectors) {
    it(`refuses the block parameter ${JSON.stringify(value)}`, function () {
      const error = rpcErrorOf(() => parseBlockSelector(value, "block"));
      expect(error.code).to.equal(RpcErrorCode.InvalidParams);
      expect(error.message).to.match(message);
    });
  }
});
