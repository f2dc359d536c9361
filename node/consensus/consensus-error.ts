/** Why consensus refused a block or a query. */
export type ConsensusErrorCode =
  | "DuplicateBlock"
  | "MissingBlock"
  | "MissingParents"
  | "DuplicateParent"
  | "TooManyParents"
  | "ParentsNotAntichain"
  | "GenesisMismatch"
  | "ParamsMismatch"
  | "NotChainBlock";

/** A consensus rule was broken by the input; the store is unchanged. */
export class ConsensusError extends Error {
  override readonly name = "ConsensusError";

  constructor(
    readonly code: ConsensusErrorCode,
    message: string,
  ) {
    super(message);
  }
}
