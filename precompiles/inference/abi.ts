/**
 * A strict Solidity ABI codec for the few types the MODEL precompile speaks. Decoding accepts only the
 * canonical encoding `abi.encode` produces (offsets in order, zero padding, no trailing bytes, words in
 * range), so one value has one calldata. It works on bytes directly: ethers' `AbiCoder` goes through
 * hex strings and takes 30–70 ms for a 110 KB tensor, longer than the inference it carries. The tests
 * cross-check both directions against ethers.
 */

export type AbiType = "bool" | "uint8" | "uint32" | "uint64" | "bytes32" | "bytes" | "string" | "uint32[]" | "int64[]" | "bytes[]";

/** The TypeScript value of each ABI type. */
export interface AbiValues {
  bool: boolean;
  uint8: number;
  uint32: number;
  uint64: bigint;
  bytes32: `0x${string}`;
  bytes: Uint8Array;
  string: string;
  "uint32[]": readonly number[];
  "int64[]": readonly bigint[];
  "bytes[]": readonly Uint8Array[];
}

export type AbiTuple<T extends readonly AbiType[]> = { -readonly [K in keyof T]: T[K] extends AbiType ? AbiValues[T[K]] : never };

/** Calldata that is not the canonical encoding of the expected types. */
export class AbiDecodingError extends Error {
  override readonly name = "AbiDecodingError";
}

const WORD = 32;
const DYNAMIC: ReadonlySet<AbiType> = new Set(["bytes", "string", "uint32[]", "int64[]", "bytes[]"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes `data` as `abi.encode(types...)`; throws `AbiDecodingError` unless it is canonical. */
export function decodeAbi<const T extends readonly AbiType[]>(types: T, data: Uint8Array): AbiTuple<T> {
  const reader = new Reader(data);
  const values = reader.tuple(types, 0);
  if (reader.end !== data.length) throw new AbiDecodingError(`${data.length - reader.end} trailing bytes after (${types.join(",")})`);
  return values as AbiTuple<T>;
}

/** `abi.encode(types...)` of `values`. */
export function encodeAbi<const T extends readonly AbiType[]>(types: T, values: AbiTuple<T>): Uint8Array {
  const parts = encodeTuple(types, values as readonly unknown[]);
  return concat(parts);
}

/** `abi.encode` of one `bytes` value, the common return shape. */
export function encodeBytesResult(value: Uint8Array): Uint8Array {
  return encodeAbi(["bytes"], [value]);
}

class Reader {
  /** Where the canonical encoding read so far ends. */
  end = 0;

  constructor(private readonly data: Uint8Array) {}

  tuple(types: readonly AbiType[], base: number): unknown[] {
    let tail = base + types.length * WORD;
    this.need(tail, "tuple head");
    const values = types.map((type, index) => {
      const head = base + index * WORD;
      if (!DYNAMIC.has(type)) return this.staticValue(type, head);
      const offset = this.smallWord(head, "offset");
      if (base + offset !== tail) throw new AbiDecodingError(`offset of element ${index} is ${offset}, canonical is ${tail - base}`);
      const [value, next] = this.dynamicValue(type, tail);
      tail = next;
      return value;
    });
    this.end = Math.max(this.end, tail);
    return values;
  }

  private staticValue(type: AbiType, at: number): unknown {
    switch (type) {
      case "bool": {
        const value = this.uint(at, 1, type);
        return value === 1n;
      }
      case "uint8":
        return Number(this.uint(at, 8, type));
      case "uint32":
        return Number(this.uint(at, 32, type));
      case "uint64":
        return this.uint(at, 64, type);
      case "bytes32":
        return `0x${Buffer.from(this.data.subarray(at, at + WORD)).toString("hex")}`;
      default:
        throw new AbiDecodingError(`${type} is not static`);
    }
  }

  /** The value at `at` and where the canonical encoding after it starts. */
  private dynamicValue(type: AbiType, at: number): [unknown, number] {
    const length = this.smallWord(at, "length");
    const start = at + WORD;
    switch (type) {
      case "bytes":
      case "string": {
        const padded = start + Math.ceil(length / WORD) * WORD;
        this.need(padded, type);
        for (let i = start + length; i < padded; i++) if (this.data[i] !== 0) throw new AbiDecodingError(`non-zero padding after ${type}`);
        const bytes = this.data.slice(start, start + length);
        if (type === "bytes") return [bytes, padded];
        try {
          return [utf8.decode(bytes), padded];
        } catch {
          throw new AbiDecodingError("string is not valid UTF-8");
        }
      }
      case "uint32[]": {
        this.need(start + length * WORD, type);
        return [Array.from({ length }, (_, i) => Number(this.uint(start + i * WORD, 32, "uint32"))), start + length * WORD];
      }
      case "int64[]": {
        this.need(start + length * WORD, type);
        return [Array.from({ length }, (_, i) => this.int64(start + i * WORD)), start + length * WORD];
      }
      case "bytes[]": {
        const inner = new Reader(this.data);
        const values = inner.tuple(Array.from({ length }, () => "bytes" as const), start);
        return [values, Math.max(inner.end, start)];
      }
      default:
        throw new AbiDecodingError(`${type} is not dynamic`);
    }
  }

  private need(end: number, what: string): void {
    if (end > this.data.length) throw new AbiDecodingError(`${what} runs past the end of the data (${end} > ${this.data.length})`);
  }

  private uint(at: number, bits: number, type: string): bigint {
    this.need(at + WORD, type);
    const value = BigInt(`0x${Buffer.from(this.data.subarray(at, at + WORD)).toString("hex")}`);
    if (value >> BigInt(bits) !== 0n) throw new AbiDecodingError(`word ${value} is out of range for ${type}`);
    return value;
  }

  private int64(at: number): bigint {
    this.need(at + WORD, "int64");
    const value = BigInt.asIntN(256, BigInt(`0x${Buffer.from(this.data.subarray(at, at + WORD)).toString("hex")}`));
    if (value !== BigInt.asIntN(64, value)) throw new AbiDecodingError(`word ${value} is out of range for int64`);
    return value;
  }

  /** An offset or length: must fit the data, so it is a safe integer. */
  private smallWord(at: number, what: string): number {
    const value = this.uint(at, 256, what);
    if (value > BigInt(this.data.length)) throw new AbiDecodingError(`${what} ${value} exceeds the data length ${this.data.length}`);
    return Number(value);
  }
}

function encodeTuple(types: readonly AbiType[], values: readonly unknown[]): Uint8Array[] {
  if (types.length !== values.length) throw new TypeError(`${types.length} types but ${values.length} values`);
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailSize = types.length * WORD;
  types.forEach((type, index) => {
    const value = values[index];
    if (!DYNAMIC.has(type)) {
      heads.push(staticWord(type, value));
      return;
    }
    heads.push(uintWord(BigInt(tailSize)));
    const tail = concat(dynamicParts(type, value));
    tails.push(tail);
    tailSize += tail.length;
  });
  return [...heads, ...tails];
}

function staticWord(type: AbiType, value: unknown): Uint8Array {
  switch (type) {
    case "bool":
      return uintWord(value === true ? 1n : 0n);
    case "uint8":
      return uintWord(checkedUint(value, 8));
    case "uint32":
      return uintWord(checkedUint(value, 32));
    case "uint64":
      return uintWord(checkedUint(value, 64));
    case "bytes32": {
      const bytes = Buffer.from(String(value).replace(/^0x/, ""), "hex");
      if (bytes.length !== WORD) throw new TypeError(`bytes32 needs 32 bytes, got ${bytes.length}`);
      return new Uint8Array(bytes);
    }
    default:
      throw new TypeError(`${type} is not static`);
  }
}

function dynamicParts(type: AbiType, value: unknown): Uint8Array[] {
  switch (type) {
    case "bytes":
    case "string": {
      const bytes = type === "string" ? new TextEncoder().encode(value as string) : (value as Uint8Array);
      const padded = new Uint8Array(Math.ceil(bytes.length / WORD) * WORD);
      padded.set(bytes);
      return [uintWord(BigInt(bytes.length)), padded];
    }
    case "uint32[]": {
      const items = value as readonly number[];
      return [uintWord(BigInt(items.length)), ...items.map((item) => uintWord(checkedUint(item, 32)))];
    }
    case "int64[]": {
      const items = value as readonly bigint[];
      return [
        uintWord(BigInt(items.length)),
        ...items.map((item) => {
          if (item !== BigInt.asIntN(64, item)) throw new TypeError(`${item} is out of range for int64`);
          return uintWord(BigInt.asUintN(256, item));
        }),
      ];
    }
    case "bytes[]": {
      const items = value as readonly Uint8Array[];
      return [uintWord(BigInt(items.length)), ...encodeTuple(items.map(() => "bytes"), items)];
    }
    default:
      throw new TypeError(`${type} is not dynamic`);
  }
}

function checkedUint(value: unknown, bits: number): bigint {
  const big = typeof value === "bigint" ? value : BigInt(value as number);
  if (big < 0n || big >> BigInt(bits) !== 0n) throw new TypeError(`${big} is out of range for uint${bits}`);
  return big;
}

function uintWord(value: bigint): Uint8Array {
  return new Uint8Array(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
