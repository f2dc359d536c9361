import { SetBalanceError } from "../../../dev/dev-faucet.js";
import { formatAddress, parseAddress } from "../../codec/address.js";
import { parseQuantity } from "../../codec/quantity.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, required } from "../../method-registry.js";

/** Sets balances with real transactions (node/dev/dev-faucet.ts). */
export interface BalanceSetter {
  setBalance(address: `0x${string}`, balance: bigint): Promise<void>;
}

export interface SetBalanceContext {
  readonly faucet: BalanceSetter;
}

function setBalanceMethod<Name extends string>(name: Name) {
  return defineMethod({
    name,
    params: [required("address", parseAddress), required("balance", parseQuantity)],
    handler: async ([address, balance], context: SetBalanceContext) => {
      try {
        await context.faucet.setBalance(formatAddress(address), balance);
      } catch (error) {
        if (error instanceof SetBalanceError) throw RpcError.serverError(error.message);
        throw error;
      }
      return true;
    },
  });
}

/**
 * `hardhat_setBalance(address, balance)` → `true` once the balance of `address` is exactly
 * `balance` wei. Unlike Hardhat, it mines: the dev faucet pays a raise, the account's own key a
 * lowering (so only the dev accounts can be lowered; -32000 for others), each in a real block.
 */
export const hardhatSetBalance = setBalanceMethod("hardhat_setBalance");

/** `anvil_setBalance(address, balance)`: the same as hardhat_setBalance (anvil's name for it). */
export const anvilSetBalance = setBalanceMethod("anvil_setBalance");
