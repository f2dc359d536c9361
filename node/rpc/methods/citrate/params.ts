import type { ParamsReport } from "../../../params/params-report.js";
import { formatQuantity } from "../../codec/quantity.js";
import { defineMethod, type RpcMethod } from "../../method-registry.js";

export interface CitrateParamsContext {
  /** The protocol parameters for the node's next block, and what is scheduled after it. */
  readonly paramsReport: () => Promise<ParamsReport>;
}

/**
 * `citrate_getParams()` → `{epoch, epochLength, nextBoundaryBlock, governed, params: [{name, key,
 * value, pendingValue?, activationEpoch?, min, max}]}`: the parameters in force for the next block
 * (the node's own values as it applies them) and changes scheduled with the epoch they take effect
 * in. Numbers are hex quantities.
 */
export const citrateGetParams = defineMethod({
  name: "citrate_getParams",
  params: [],
  handler: async (_params, context: CitrateParamsContext) => {
    const report = await context.paramsReport();
    return {
      epoch: formatQuantity(report.epoch),
      epochLength: formatQuantity(report.epochLength),
      nextBoundaryBlock: formatQuantity(report.nextBoundaryBlock),
      governed: report.governed,
      params: report.params.map((param) => ({
        name: param.name,
        key: param.key,
        value: formatQuantity(param.value),
        ...(param.pending === undefined
          ? {}
          : { pendingValue: formatQuantity(param.pending.value), activationEpoch: formatQuantity(param.pending.activationEpoch) }),
        min: formatQuantity(param.min),
        max: formatQuantity(param.max),
      })),
    };
  },
});

export const citrateParamsMethods: readonly RpcMethod<CitrateParamsContext>[] = [citrateGetParams];
