import { hashMessage, Wallet, type TransactionLike } from "ethers";
import { devAccounts, type DevAccount } from "../chain/dev-accounts.js";

type Hex = `0x${string}`;

/** One unlocked account: what the dev signing methods do with its key. */
export interface DevSigner {
  /** Lower-case address. */
  readonly address: Hex;
  /** An EIP-191 personal-message signature over `message`'s bytes (65 bytes, v = 27 or 28). */
  signMessage(message: Uint8Array): Hex;
  /** A signature over a 32-byte digest (65 bytes, v = 27 or 28), e.g. an EIP-712 digest. */
  signDigest(digest: Hex): Hex;
  /** A signed transaction, serialized (the bytes eth_sendRawTransaction takes). */
  signTransaction(transaction: TransactionLike<string>): Promise<Hex>;
}

/** The accounts a dev node signs for, as the dev methods see them. */
export interface Keyring {
  /** Lower-case addresses, in account order (Hardhat's eth_accounts order). */
  readonly addresses: readonly Hex[];
  /** The signer for `address` (any case), or undefined when the node holds no key for it. */
  signer(address: string): DevSigner | undefined;
}

/**
 * Private keys held in memory, for dev chains only: the keys are the public Hardhat test keys, and
 * anyone who can reach the node's RPC port can sign with them.
 */
export class DevKeyring implements Keyring {
  readonly addresses: readonly Hex[];
  private readonly signers: ReadonlyMap<string, DevSigner>;

  constructor(accounts: readonly DevAccount[]) {
    const signers = new Map<string, DevSigner>();
    for (const account of accounts) signers.set(account.address.toLowerCase(), walletSigner(new Wallet(account.privateKey)));
    this.signers = signers;
    this.addresses = [...signers.keys()] as Hex[];
  }

  /** The first `count` Hardhat test accounts (the ones the dev chain funds). */
  static hardhat(count = 20): DevKeyring {
    return new DevKeyring(devAccounts(count));
  }

  signer(address: string): DevSigner | undefined {
    return this.signers.get(address.toLowerCase());
  }
}

/** A signer for one account's key (e.g. the dev faucet, which is no unlocked account). */
export function accountSigner(account: DevAccount): DevSigner {
  return walletSigner(new Wallet(account.privateKey));
}

function walletSigner(wallet: Wallet): DevSigner {
  return {
    address: wallet.address.toLowerCase() as Hex,
    signMessage: (message) => wallet.signingKey.sign(hashMessage(message)).serialized as Hex,
    signDigest: (digest) => wallet.signingKey.sign(digest).serialized as Hex,
    signTransaction: async (transaction) => (await wallet.signTransaction(transaction)) as Hex,
  };
}
