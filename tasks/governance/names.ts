/** OpenZeppelin's ProposalState, by value. */
export const STATE_NAMES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"] as const;
/** CitrateGovernor's ProposalClass, by value. */
export const CLASS_NAMES = ["ParameterChange", "TreasurySpend", "Upgrade", "CouncilMembership", "Emergency"] as const;

/** A proposal state's name. */
export type StateName = (typeof STATE_NAMES)[number];
