import { HDNodeWallet } from "ethers";

/** The mnemonic of Hardhat's and anvil's well-known test accounts. Public: never hold real value. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export interface DevAccount {
  readonly address: `0x${string}`;
  readonly privateKey: `0x${string}`;
}

/** The accounts derived so far, in index order: deriving them is slow in JavaScript, and they never change. */
const derived: DevAccount[] = [];

/** The first `count` accounts of the dev mnemonic (path m/44'/60'/0'/0/i), as Hardhat derives them. */
export function devAccounts(count = 20): DevAccount[] {
  if (derived.length < count) {
    // One seed and one walk down to m/44'/60'/0'/0; each account is then a single child step.
    const parent = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0");
    for (let i = derived.length; i < count; i++) {
      const wallet = parent.deriveChild(i);
      derived.push(Object.freeze({ address: wallet.address.toLowerCase() as `0x${string}`, privateKey: wallet.privateKey as `0x${string}` }));
    }
  }
  return derived.slice(0, count);
}

/**
 * The dev node's own accounts, beyond the 20 Hardhat ones so tests and users find those untouched:
 * `publisher` (index 20) registers and pins the demo models at start, `storageProvider` (index 21)
 * confirms the artifacts the node holds, `faucet` (index 22) holds `DEV_FAUCET_BALANCE` from
 * genesis and pays for hardhat_setBalance.
 */
export function devSystemAccounts(): { publisher: DevAccount; storageProvider: DevAccount; faucet: DevAccount } {
  const [publisher, storageProvider, faucet] = devAccounts(23).slice(20);
  return { publisher, storageProvider, faucet };
}

/**
 * The dev faucet's genesis balance: 2^255 wei, so that any balance up to that can be set with
 * real transactions, while every account's balance still fits 256 bits together with it.
 */
export const DEV_FAUCET_BALANCE = 2n ** 255n;
