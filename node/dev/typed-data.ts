import { concat, keccak256, TypedDataEncoder, type TypedDataField } from "ethers";

/** The typed data of eth_signTypedData_v4 (EIP-712; MetaMask's JSON form). */
export interface TypedDataPayload {
  readonly types: Readonly<Record<string, readonly TypedDataField[]>>;
  readonly primaryType: string;
  readonly domain: Readonly<Record<string, unknown>>;
  readonly message: Readonly<Record<string, unknown>>;
}

/** Typed data that cannot be encoded; the message says what is wrong. */
export class TypedDataError extends Error {
  override readonly name = "TypedDataError";
}

const DOMAIN_TYPE = "EIP712Domain";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the typed data of eth_signTypedData_v4: a JSON object, or a string holding one (MetaMask
 * and ethers send either). Checks its shape only; `typedDataDigest` checks the values.
 */
export function readTypedData(value: unknown): TypedDataPayload {
  let payload = value;
  if (typeof value === "string") {
    try {
      payload = JSON.parse(value);
    } catch {
      throw new TypedDataError("typed data string is not valid JSON");
    }
  }
  if (!isPlainObject(payload)) throw new TypedDataError("expected a typed data object { types, primaryType, domain, message }");
  const { types, primaryType, domain, message } = payload;
  if (!isPlainObject(types)) throw new TypedDataError('"types" must be an object of struct definitions');
  for (const [name, fields] of Object.entries(types)) {
    if (!Array.isArray(fields) || fields.some((f) => !isPlainObject(f) || typeof f.name !== "string" || typeof f.type !== "string")) {
      throw new TypedDataError(`"types.${name}" must be an array of { name: string, type: string }`);
    }
  }
  if (typeof primaryType !== "string") throw new TypedDataError('"primaryType" must be a string');
  if (!Object.hasOwn(types, primaryType)) throw new TypedDataError(`"primaryType" ${JSON.stringify(primaryType)} is not defined in "types"`);
  if (primaryType === DOMAIN_TYPE) throw new TypedDataError(`"primaryType" ${DOMAIN_TYPE} (signing a domain alone) is not supported`);
  if (!isPlainObject(domain)) throw new TypedDataError('"domain" must be an object');
  if (!isPlainObject(message)) throw new TypedDataError('"message" must be an object');
  return { types: types as Record<string, TypedDataField[]>, primaryType, domain, message };
}

/** The struct types `root` depends on, itself included (array suffixes stripped). */
function reachableTypes(types: TypedDataPayload["types"], root: string): Record<string, TypedDataField[]> {
  const reached: Record<string, TypedDataField[]> = {};
  const pending = [root];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (Object.hasOwn(reached, name)) continue;
    const fields = types[name];
    reached[name] = fields.map(({ name: field, type }) => ({ name: field, type }));
    for (const { type } of fields) {
      const base = type.replace(/(\[\d*\])+$/, "");
      if (Object.hasOwn(types, base)) pending.push(base);
    }
  }
  return reached;
}

/**
 * The EIP-712 digest `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message))` that
 * eth_signTypedData_v4 signs. The message is encoded as `primaryType`, with only the types it
 * reaches (so unused declarations do not confuse ethers' primary-type inference); the domain with
 * the declared `EIP712Domain` fields, or, when none are declared, with the fields the domain has
 * (ethers' and alloy's rule). Values that do not fit their types throw TypedDataError.
 */
export function typedDataDigest(payload: TypedDataPayload): `0x${string}` {
  try {
    const domainSeparator = Object.hasOwn(payload.types, DOMAIN_TYPE)
      ? TypedDataEncoder.hashStruct(DOMAIN_TYPE, reachableTypes(payload.types, DOMAIN_TYPE), payload.domain)
      : TypedDataEncoder.hashDomain(payload.domain);
    const structHash = TypedDataEncoder.from(reachableTypes(payload.types, payload.primaryType)).hash(payload.message);
    return keccak256(concat(["0x1901", domainSeparator, structHash])) as `0x${string}`;
  } catch (error) {
    if (error instanceof TypedDataError) throw error;
    const { shortMessage, message } = error as { shortMessage?: string; message?: string };
    throw new TypedDataError(shortMessage ?? message ?? String(error), { cause: error });
  }
}
