import { expect } from "chai";
import { getAddress } from "ethers";
import { formatAddress, parseAddress } from "../../../../node/rpc/codec/address.js";
import { RpcErrorCode } from "../../../../node/rpc/json-rpc.js";
import { rpcErrorOf } from "../../../support/rpc-harness.js";

// Hardhat's account #0 and its EIP-55 form.
const LOWER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const CHECKSUMMED = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

describe("rpc codec: address", function () {
  it("parses lower-case, upper-case and correctly checksummed addresses alike", function () {
    const expected = Uint8Array.from(Buffer.from(LOWER.slice(2), "hex"));
    expect(parseAddress(LOWER, "a")).to.deep.equal(expected);
    expect(parseAddress(`0x${LOWER.slice(2).toUpperCase()}`, "a")).to.deep.equal(expected);
    expect(parseAddress(CHECKSUMMED, "a")).to.deep.equal(expected);
    expect(getAddress(LOWER)).to.equal(CHECKSUMMED); // the fixture agrees with ethers
  });

  it("formats addresses in lower case", function () {
    expect(formatAddress(parseAddress(CHECKSUMMED, "a"))).to.equal(LOWER);
    expect(() => formatAddress(new Uint8Array(19))).to.throw(RangeError);
  });

  it("refuses a mixed-case address whose checksum is wrong, and says the right one", function () {
    const mistyped = CHECKSUMMED.replace("F6F4", "f6F4");
    const error = rpcErrorOf(() => parseAddress(mistyped, "argument 0 (address)"));
    expect(error.code).to.equal(RpcErrorCode.InvalidParams);
    expect(error.message).to.equal(
      `invalid argument 0 (address): mixed-case address ${mistyped} fails its EIP-55 checksum (the checksummed form is ${CHECKSUMMED})`,
    );
  });

  const bad: Array<[unknown, RegExp]> = [
    [LOWER.slice(0, -2), /an address is 20 bytes \(40 hex digits\), got 38 hex digits/],
    [`${LOWER}00`, /got 42 hex digits/],
    [LOWER.slice(2), /without 0x prefix/],
    [`0x${"g".repeat(40)}`, /non-hex character/],
    [1234, /got the number 1234/],
    [null, /got null/],
  ];
  for (const [value, message] of bad) {
    it(`refuses ${JSON.stringify(value)}`, function () {
      const error = rpcErrorOf(() => parseAddress(value, "to"));
      expect(error.code).to.equal(RpcErrorCode.InvalidParams);
      expect(error.message).to.match(/^invalid to: /);
      expect(error.message).to.match(message);
    });
  }
});
