import { expect } from "chai";
import { parseBoolean } from "../../../../node/rpc/codec/boolean.js";
import { RpcErrorCode } from "../../../../node/rpc/json-rpc.js";
import { rpcErrorOf } from "../../../support/rpc-harness.js";

describe("rpc codec: boolean", function () {
  it("parses JSON booleans", function () {
    expect(parseBoolean(true, "b")).to.equal(true);
    expect(parseBoolean(false, "b")).to.equal(false);
  });

  for (const value of ["true", "false", 0, 1, null, [], {}]) {
    it(`refuses ${JSON.stringify(value)}`, function () {
      const error = rpcErrorOf(() => parseBoolean(value, "argument 1 (hydrated)"));
      expect(error.code).to.equal(RpcErrorCode.InvalidParams);
      expect(error.message).to.match(/^invalid argument 1 \(hydrated\): expected true or false, got /);
    });
  }
});
