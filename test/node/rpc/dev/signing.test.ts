import { expect } from "chai";
import { hexlify, toUtf8Bytes, TypedDataEncoder, verifyMessage, verifyTypedData, type TypedDataField } from "ethers";
import { devAccounts } from "../../../../node/chain/dev-accounts.js";
import { DevKeyring } from "../../../../node/dev/dev-keyring.js";
import { readTypedData, typedDataDigest } from "../../../../node/dev/typed-data.js";
import type { RpcCall } from "../../../../node/rpc/rpc-call.js";
import { ethAccounts, ethSign, ethSignTypedDataV4, personalSign, type DevKeysContext } from "../../../../node/rpc/methods/dev/signing.js";
import { failure } from "../../../support/rpc-failure.js";

const CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };
const accounts = devAccounts(20);
const [alice, bob] = accounts;
const context: DevKeysContext = { keyring: new DevKeyring(accounts) };
const STRANGER = "0x000000000000000000000000000000000000dead";

// EIP-712's own example (the "Mail" of the specification), with the domain ethers' getPayload declares.
const domain = { name: "Ether Mail", version: "1", chainId: 1337, verifyingContract: "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" };
const types: Record<string, TypedDataField[]> = {
  Person: [
    { name: "name", type: "string" },
    { name: "wallet", type: "address" },
  ],
  Mail: [
    { name: "from", type: "Person" },
    { name: "to", type: "Person[]" },
    { name: "contents", type: "string" },
    { name: "amount", type: "uint256" },
  ],
};
const message = {
  from: { name: "Cow", wallet: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
  to: [{ name: "Bob", wallet: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" }],
  contents: "Hello, Bob!",
  amount: "1000000000000000000000",
};
const payload = TypedDataEncoder.getPayload(domain, types, message) as Record<string, unknown>;

describe("rpc dev methods: accounts and signing", function () {
  it("eth_accounts lists the 20 Hardhat accounts in lower case, in order", async function () {
    const result = (await ethAccounts.invoke([], context, CALL)) as string[];
    expect(result).to.deep.equal(accounts.map((a) => a.address));
    expect(result[0]).to.equal("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    expect(result.every((a) => a === a.toLowerCase())).to.equal(true);
  });

  it("eth_sign and personal_sign sign the EIP-191 personal message over the raw bytes", async function () {
    const text = "Citrate says hello";
    const data = hexlify(toUtf8Bytes(text));
    const viaEthSign = (await ethSign.invoke([alice.address, data], context, CALL)) as string;
    const viaPersonal = (await personalSign.invoke([data, alice.address], context, CALL)) as string;
    expect(viaEthSign).to.match(/^0x[0-9a-f]{130}$/);
    expect(viaPersonal).to.equal(viaEthSign);
    expect(verifyMessage(text, viaEthSign).toLowerCase()).to.equal(alice.address);
    expect(["1b", "1c"]).to.include(viaEthSign.slice(-2));

    // Bytes that are not UTF-8 are signed as bytes, not as their hex text.
    const bytes = new Uint8Array([0xff, 0x00, 0x80]);
    const signature = (await personalSign.invoke([hexlify(bytes), bob.address], context, CALL)) as string;
    expect(verifyMessage(bytes, signature).toLowerCase()).to.equal(bob.address);
    // The address may be checksummed (ethers sends lower case, other tools EIP-55).
    const checksummed = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    expect(await personalSign.invoke([hexlify(bytes), checksummed], context, CALL)).to.equal(signature);
  });

  it("refuses accounts the node holds no key for (-32000 unknown account) and non-hex messages (-32602)", async function () {
    const unknown = await failure(ethSign.invoke([STRANGER, "0x00"], context, CALL));
    expect([unknown.code, unknown.message]).to.deep.equal([-32000, "unknown account"]);
    expect((await failure(personalSign.invoke(["0x00", STRANGER], context, CALL))).message).to.equal("unknown account");
    expect((await failure(personalSign.invoke(["hello", alice.address], context, CALL))).code).to.equal(-32602);
    expect((await failure(ethSign.invoke([alice.address], context, CALL))).message).to.equal("missing value for required argument 1 (message)");
  });

  it("eth_signTypedData_v4 signs EIP-712 typed data given as an object or a JSON string", async function () {
    expect(ethSignTypedDataV4.name).to.equal("eth_signTypedData_v4");
    const signature = (await ethSignTypedDataV4.invoke([alice.address, payload], context, CALL)) as string;
    expect(verifyTypedData(domain, types, message, signature).toLowerCase()).to.equal(alice.address);
    expect(await ethSignTypedDataV4.invoke([alice.address, JSON.stringify(payload)], context, CALL)).to.equal(signature);
  });

  it("computes the digest of EIP-712's own example (the specification's test vector)", function () {
    const example = {
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
          { name: "verifyingContract", type: "address" },
        ],
        Person: types.Person,
        Mail: [
          { name: "from", type: "Person" },
          { name: "to", type: "Person" },
          { name: "contents", type: "string" },
        ],
      },
      primaryType: "Mail",
      domain: { ...domain, chainId: 1 },
      message: { from: message.from, to: message.to[0], contents: "Hello, Bob!" },
    };
    expect(typedDataDigest(readTypedData(example))).to.equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
  });

  it("encodes the declared primaryType (ignoring unused types), and the domain as declared or as present", async function () {
    const withUnused = { ...payload, types: { ...(payload.types as object), Unused: [{ name: "x", type: "uint8" }] } };
    const signature = (await ethSignTypedDataV4.invoke([alice.address, withUnused], context, CALL)) as string;
    expect(verifyTypedData(domain, types, message, signature).toLowerCase()).to.equal(alice.address);

    // Signing the Person inside the Mail: primaryType chooses the struct, not ethers' inference.
    const person = { ...payload, primaryType: "Person", message: message.from };
    const personSignature = (await ethSignTypedDataV4.invoke([alice.address, person], context, CALL)) as string;
    expect(verifyTypedData(domain, { Person: types.Person }, message.from, personSignature).toLowerCase()).to.equal(alice.address);

    // Without a declared EIP712Domain, the domain's own fields define it (ethers' and alloy's rule).
    const { EIP712Domain: _domainType, ...messageTypes } = payload.types as Record<string, TypedDataField[]>;
    const undeclared = { ...payload, types: messageTypes };
    expect(await ethSignTypedDataV4.invoke([alice.address, undeclared], context, CALL)).to.equal(signature);
  });

  it("refuses malformed typed data with -32602, saying what is wrong", async function () {
    const refuse = async (typedData: unknown): Promise<string> => {
      const error = await failure(ethSignTypedDataV4.invoke([alice.address, typedData], context, CALL));
      expect(error.code).to.equal(-32602);
      return error.message;
    };
    const prefix = "invalid argument 1 (typed data): ";
    expect(await refuse("{not json")).to.equal(`${prefix}typed data string is not valid JSON`);
    expect(await refuse(42)).to.equal(`${prefix}expected a typed data object { types, primaryType, domain, message }`);
    expect(await refuse({ ...payload, types: [] })).to.equal(`${prefix}"types" must be an object of struct definitions`);
    expect(await refuse({ ...payload, types: { Mail: [{ name: "x" }] } })).to.equal(`${prefix}"types.Mail" must be an array of { name: string, type: string }`);
    expect(await refuse({ ...payload, primaryType: "Letter" })).to.equal(`${prefix}"primaryType" "Letter" is not defined in "types"`);
    expect(await refuse({ ...payload, primaryType: 1 })).to.equal(`${prefix}"primaryType" must be a string`);
    expect(await refuse({ ...payload, primaryType: "EIP712Domain" })).to.match(/signing a domain alone\) is not supported/);
    expect(await refuse({ ...payload, domain: "x" })).to.equal(`${prefix}"domain" must be an object`);
    expect(await refuse({ ...payload, message: null })).to.equal(`${prefix}"message" must be an object`);
    // Values that do not fit their types, and types that do not exist, are found while encoding.
    expect(await refuse({ ...payload, message: { ...message, amount: "lots" } })).to.match(/^invalid argument 1 \(typed data\): /);
    expect(await refuse({ ...payload, message: { ...message, from: { name: "Cow", wallet: "0x1234" } } })).to.match(/^invalid argument 1 \(typed data\): /);
    expect(await refuse({ ...payload, types: { ...(payload.types as object), Mail: [{ name: "from", type: "Persona" }] } })).to.match(/unknown type "Persona"/);
    expect(await refuse({ ...payload, types: { Mail: types.Mail, Person: types.Person }, domain: { nonsense: 1 } })).to.match(/invalid typed-data domain key/);
    // The account is checked after the typed data: an unknown one is still -32000.
    const unknown = await failure(ethSignTypedDataV4.invoke([STRANGER, payload], context, CALL));
    expect([unknown.code, unknown.message]).to.deep.equal([-32000, "unknown account"]);
  });
});
