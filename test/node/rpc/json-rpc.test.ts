import { expect } from "chai";
import { failureResponse, RpcError, RpcErrorCode, successResponse } from "../../../node/rpc/json-rpc.js";

describe("rpc: JSON-RPC envelopes and RpcError", function () {
  it("has the JSON-RPC and geth/EIP-1474 codes", function () {
    expect(RpcErrorCode).to.deep.equal({
      ParseError: -32700,
      InvalidRequest: -32600,
      MethodNotFound: -32601,
      InvalidParams: -32602,
      InternalError: -32603,
      ServerError: -32000,
      ResourceNotFound: -32001,
      TransactionRejected: -32003,
      MethodNotSupported: -32004,
      LimitExceeded: -32005,
      ExecutionReverted: 3,
    });
  });

  it("builds each error with its code and geth's wording", function () {
    const cases: Array<[RpcError, number, string]> = [
      [RpcError.parseError(), -32700, "parse error"],
      [RpcError.invalidRequest(), -32600, "invalid request"],
      [RpcError.invalidRequest("empty batch"), -32600, "invalid request: empty batch"],
      [RpcError.methodNotFound("eth_foo"), -32601, "the method eth_foo does not exist/is not available"],
      [RpcError.invalidParams("invalid x: y"), -32602, "invalid x: y"],
      [RpcError.internalError(), -32603, "internal error"],
      [RpcError.serverError("nonce too low"), -32000, "nonce too low"],
      [RpcError.resourceNotFound("block not found"), -32001, "block not found"],
      [RpcError.transactionRejected("fee too low"), -32003, "fee too low"],
      [RpcError.methodNotSupported("eth_getWork"), -32004, "the method eth_getWork is not supported by Citrate"],
      [RpcError.limitExceeded("range too wide"), -32005, "range too wide"],
      [RpcError.notificationsNotSupported(), -32601, "notifications not supported"],
    ];
    for (const [error, code, message] of cases) {
      expect(error).to.be.instanceOf(Error);
      expect(error.name).to.equal("RpcError");
      expect(error.toErrorObject()).to.deep.equal({ code, message });
    }
  });

  it("carries revert data in execution-reverted errors, with the reason in the message", function () {
    const data = "0x08c379a0" as const;
    expect(RpcError.executionReverted(data, "not owner").toErrorObject()).to.deep.equal({
      code: 3,
      message: "execution reverted: not owner",
      data,
    });
    expect(RpcError.executionReverted("0x").toErrorObject()).to.deep.equal({ code: 3, message: "execution reverted", data: "0x" });
  });

  it("builds responses with jsonrpc and id first, and null for an undefined result", function () {
    expect(JSON.stringify(successResponse(7, "0x1"))).to.equal('{"jsonrpc":"2.0","id":7,"result":"0x1"}');
    expect(JSON.stringify(successResponse("a", undefined))).to.equal('{"jsonrpc":"2.0","id":"a","result":null}');
    expect(JSON.stringify(failureResponse(null, RpcError.parseError()))).to.equal(
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}',
    );
  });
});
