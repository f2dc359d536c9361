/**
 * How a claimed output is judged against the deterministic one (`verifyInference`, and the fast
 * engines' self-check): same tensors (count, dtype, shape); floating-point elements within
 * `toleranceBps` basis points of the reference value (0 demands equal values); integers equal.
 */
import { DTYPE_SIZES, type Tensor } from "./tensor-codec.js";

/** The verdict, with the first mismatch explained. */
export interface ConsensusCheck {
  readonly ok: boolean;
  /** Why not, when `ok` is false. */
  readonly reason?: string;
  /** Largest relative difference of a floating-point element seen, in basis points (0 when all equal). */
  readonly worstBps: number;
}

export const MAX_TOLERANCE_BPS = 0xffffffff;

/** Compares `output` with `consensusOutput` (the reference); see the module comment for the rules. */
export function checkAgainstConsensus(output: readonly Tensor[], consensusOutput: readonly Tensor[], toleranceBps: number): ConsensusCheck {
  if (!Number.isInteger(toleranceBps) || toleranceBps < 0 || toleranceBps > MAX_TOLERANCE_BPS) throw new RangeError(`toleranceBps ${toleranceBps} is not a uint32`);
  if (output.length !== consensusOutput.length) return { ok: false, reason: `${output.length} tensors, expected ${consensusOutput.length}`, worstBps: 0 };
  let worstBps = 0;
  for (let t = 0; t < output.length; t++) {
    const claimed = output[t];
    const reference = consensusOutput[t];
    if (claimed.dtype !== reference.dtype) return { ok: false, reason: `tensor ${t}: dtype ${claimed.dtype}, expected ${reference.dtype}`, worstBps };
    if (claimed.shape.length !== reference.shape.length || claimed.shape.some((d, i) => d !== reference.shape[i])) {
      return { ok: false, reason: `tensor ${t}: shape [${claimed.shape.join(",")}], expected [${reference.shape.join(",")}]`, worstBps };
    }
    if (claimed.data.length !== reference.data.length) return { ok: false, reason: `tensor ${t}: ${claimed.data.length} data bytes, expected ${reference.data.length}`, worstBps };
    const read = elementReader(claimed);
    const readReference = elementReader(reference);
    const floating = claimed.dtype === "float32" || claimed.dtype === "float16";
    const count = claimed.data.length / DTYPE_SIZES[claimed.dtype];
    for (let i = 0; i < count; i++) {
      const c = read(i);
      const r = readReference(i);
      if (c === r) continue;
      if (!floating || typeof c === "bigint" || typeof r === "bigint") return { ok: false, reason: `tensor ${t} element ${i}: ${c}, expected ${r}`, worstBps };
      if (Number.isNaN(c) && Number.isNaN(r)) continue;
      const diffBps = Number.isNaN(c) || Number.isNaN(r) || !Number.isFinite(c) || !Number.isFinite(r) ? Infinity : r === 0 ? Infinity : (Math.abs(c - r) / Math.abs(r)) * 10_000;
      worstBps = Math.max(worstBps, diffBps);
      // Compared without division so that an exactly-at-the-limit difference passes.
      if (!(Math.abs(c - r) * 10_000 <= Math.abs(r) * toleranceBps)) {
        return { ok: false, reason: `tensor ${t} element ${i}: ${c}, expected ${r} (${diffBps} bps > ${toleranceBps})`, worstBps };
      }
    }
  }
  return { ok: true, worstBps };
}

function elementReader(tensor: Tensor): (index: number) => number | bigint {
  const view = new DataView(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  switch (tensor.dtype) {
    case "float32":
      return (i) => view.getFloat32(i * 4, true);
    case "float16":
      return (i) => halfToNumber(view.getUint16(i * 2, true));
    case "int32":
      return (i) => view.getInt32(i * 4, true);
    case "int64":
      return (i) => view.getBigInt64(i * 8, true);
    case "uint8":
      return (i) => view.getUint8(i);
  }
}

/** IEEE 754 binary16 → number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
