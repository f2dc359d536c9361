import type { JsonRpcProvider } from "ethers";

/**
 * Mines a block `seconds` after the head. The dev chain's clock may run ahead of the wall clock
 * (timestamps strictly increase), so time is moved from the head, not with evm_increaseTime.
 */
export async function mineAfter(provider: JsonRpcProvider, seconds: number): Promise<void> {
  const head = await provider.getBlock("latest");
  await provider.send("evm_mine", [(head?.timestamp ?? 0) + seconds]);
}
