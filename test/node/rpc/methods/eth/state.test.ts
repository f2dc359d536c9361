import { expect } from "chai";
import { RpcErrorCode } from "../../../../../node/rpc/json-rpc.js";
import { parseStorageSlot } from "../../../../../node/rpc/methods/eth/state.js";
import { rpcErrorOf } from "../../../../support/rpc-harness.js";

const SLOT_ONE = new Uint8Array(32);
SLOT_ONE[31] = 1;

describe("rpc methods: eth_getStorageAt's slot (execution-apis' bytesMax32)", function () {
  it("takes a QUANTITY, a 32-byte word, leading zeros, an odd digit count and 0x alone", function () {
    for (const slot of ["0x1", "0x01", "0x001", `0x${"00".repeat(31)}01`, "0X1"]) expect(parseStorageSlot(slot, "slot"), slot).to.deep.equal(SLOT_ONE);
    expect(parseStorageSlot("0x", "slot")).to.deep.equal(new Uint8Array(32));
    expect(parseStorageSlot(`0x${"ff".repeat(32)}`, "slot")).to.deep.equal(new Uint8Array(32).fill(0xff));
  });

  const refused: Array<[unknown, RegExp]> = [
    [`0x${"00".repeat(32)}1`, /too long: want at most 32 bytes \(64 hex digits\), got 65 digits/],
    ["0xg1", /non-hex character/],
    ["1", /without 0x prefix/],
    [1, /expected a 0x-prefixed hex string/],
  ];
  for (const [value, message] of refused) {
    it(`refuses ${JSON.stringify(value)} with -32602`, function () {
      const error = rpcErrorOf(() => parseStorageSlot(value, "argument 1 (storage slot)"));
      expect(error.code).to.equal(RpcErrorCode.InvalidParams);
      expect(error.message).to.match(/^invalid argument 1 \(storage slot\): /);
      expect(error.message).to.match(message);
    });
  }
});
