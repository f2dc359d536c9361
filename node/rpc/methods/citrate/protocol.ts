import { defineMethod, type RpcMethod } from "../../method-registry.js";

export interface CitrateProtocolContext {
  /** `{name: address}` of the chain's predeployed protocol contracts (from the chain spec). */
  readonly protocolContracts: Readonly<Record<string, `0x${string}`>>;
}

/**
 * `citrate_getProtocolContracts()` → `{name: address}`: the system contracts every node of this
 * chain has at fixed addresses from genesis (ProtocolParams, Treasury, FeeSplitter, …).
 */
export const citrateGetProtocolContracts = defineMethod({
  name: "citrate_getProtocolContracts",
  params: [],
  handler: (_params, context: CitrateProtocolContext) => ({ ...context.protocolContracts }),
});

export const citrateProtocolMethods: readonly RpcMethod<CitrateProtocolContext>[] = [citrateGetProtocolContracts];
