import { expect } from "chai";
import { decodeHeader, encodeHeader, headerHash, type BlockHeader } from "../../../node/chain/block-header.js";
import { hashFromId } from "../../../node/consensus/hash.js";

const header: BlockHeader = {
  parents: [hashFromId("a"), hashFromId("b")],
  number: 7n,
  timestamp: 1_700_000_000n,
  proposer: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
  gasLimit: 30_000_000n,
  gasUsed: 21_000n,
  baseFeePerGas: 875_000_000n,
  transactionsRoot: `0x${"11".repeat(32)}`,
  acceptedTransactionsRoot: `0x${"22".repeat(32)}`,
  receiptsRoot: `0x${"33".repeat(32)}`,
  stateRoot: `0x${"44".repeat(32)}`,
  logsBloom: `0x${"00".repeat(255)}01`,
  extraData: "0xc17a",
};

describe("block header", function () {
  it("round-trips through RLP and hashes the encoding", function () {
    expect(decodeHeader(encodeHeader(header))).to.deep.equal(header);
    expect(headerHash(header)).to.match(/^0x[0-9a-f]{64}$/);
    expect(headerHash({ ...header, gasUsed: 21_001n })).to.not.equal(headerHash(header));
    expect(headerHash({ ...header, parents: [...header.parents].reverse() })).to.not.equal(headerHash(header));
  });

  it("refuses malformed encodings", function () {
    const encoded = encodeHeader(header);
    expect(() => decodeHeader(encoded.subarray(0, encoded.length - 3))).to.throw();
    expect(() => decodeHeader(encodeHeader({ ...header, proposer: "0x1234" }))).to.throw(/proposer must be 20 bytes/);
    expect(() => decodeHeader(encodeHeader({ ...header, logsBloom: "0x00" }))).to.throw(/logsBloom must be 256 bytes/);
  });
});
