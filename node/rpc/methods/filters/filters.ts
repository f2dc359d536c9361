import { parseLogFilter } from "../../codec/log-filter.js";
import { describeValue, invalidParam } from "../../codec/param-error.js";
import { defineMethod, required, type RpcMethod } from "../../method-registry.js";
import { queryLogs, type LogsContext } from "../eth/logs.js";
import type { FilterManager } from "./filter-manager.js";

/** What the filter methods read from the node: its poll filters, and the chain for eth_getFilterLogs. */
export interface FiltersContext extends LogsContext {
  readonly filters: FilterManager;
}

/**
 * A filter id as sent back by the client. Ids are QUANTITY strings the node made; like geth, any
 * string is accepted and an unknown one is "filter not found". Hex ids are compared in their
 * canonical form (lower case, no leading zeros), so `0x0AB` finds `0xab`.
 */
export function parseFilterId(value: unknown, param: string): string {
  if (typeof value !== "string") throw invalidParam(param, `expected a filter id (hex string), got ${describeValue(value)}`);
  const match = /^0[xX]([0-9a-fA-F]+)$/.exec(value);
  if (match === null) return value;
  const digits = (match[1] as string).toLowerCase().replace(/^0+/, "");
  return `0x${digits === "" ? "0" : digits}`;
}

const filterId = required("filter id", parseFilterId);

/** `eth_newFilter(filter)` → the id of a log filter; poll it with eth_getFilterChanges. */
export const ethNewFilter = defineMethod({
  name: "eth_newFilter",
  params: [required("filter", parseLogFilter)],
  handler: ([criteria], context: FiltersContext) => context.filters.newLogFilter(criteria),
});

/** `eth_newBlockFilter()` → the id of a filter for the hashes of new canonical blocks. */
export const ethNewBlockFilter = defineMethod({
  name: "eth_newBlockFilter",
  params: [],
  handler: (_params, context: FiltersContext) => context.filters.newBlockFilter(),
});

/** `eth_newPendingTransactionFilter()` → the id of a filter for the hashes of newly pending transactions. */
export const ethNewPendingTransactionFilter = defineMethod({
  name: "eth_newPendingTransactionFilter",
  params: [],
  handler: (_params, context: FiltersContext) => context.filters.newPendingTransactionFilter(),
});

/** `eth_getFilterChanges(id)` → what happened since the last poll: logs, block hashes or transaction hashes. */
export const ethGetFilterChanges = defineMethod({
  name: "eth_getFilterChanges",
  params: [filterId],
  handler: ([id], context: FiltersContext) => context.filters.changes(id),
});

/** `eth_getFilterLogs(id)` → every log of the canonical chain matching a log filter's criteria (as eth_getLogs). */
export const ethGetFilterLogs = defineMethod({
  name: "eth_getFilterLogs",
  params: [filterId],
  handler: ([id], context: FiltersContext) => queryLogs(context.filters.logCriteria(id), context),
});

/** `eth_uninstallFilter(id)` → true if the filter existed (it is now gone), false otherwise. */
export const ethUninstallFilter = defineMethod({
  name: "eth_uninstallFilter",
  params: [filterId],
  handler: ([id], context: FiltersContext) => context.filters.uninstall(id),
});

/** The poll-filter methods (geth's eth filter API). */
export const filterMethods: readonly RpcMethod<FiltersContext>[] = [
  ethNewFilter,
  ethNewBlockFilter,
  ethNewPendingTransactionFilter,
  ethGetFilterChanges,
  ethGetFilterLogs,
  ethUninstallFilter,
];
