/**
 * The slices of the AI economy's ABIs the provider worker calls (human-readable, so the worker needs no
 * compiled artifacts). Signatures as in `contracts/ai/*.sol` and `contracts/staking/ProviderStaking.sol`.
 */

/** InferenceRouter.RequestStatus. */
export const RequestStatus = { None: 0n, Assigned: 1n, Submitted: 2n, Finalized: 3n, Overturned: 4n, Expired: 5n } as const;

/** LoRAFactory.JobStatus. */
export const JobStatus = { None: 0n, Open: 1n, Claimed: 2n, Completed: 3n, Cancelled: 4n, Expired: 5n } as const;

export const INFERENCE_ROUTER_ABI = [
  "event InferenceRequested(uint256 indexed requestId, bytes32 indexed modelHash, address indexed provider, address requester, uint256 modelId, uint256 fee, bytes32 inputHash, bytes input, string inputCid, uint64 resultDeadline)",
  "function submitResult(uint256 requestId, bytes output)",
  "function getRequest(uint256 requestId) view returns (tuple(address requester, address provider, uint8 status, uint64 resultDeadline, uint64 challengeDeadline, uint256 modelId, bytes32 modelHash, uint256 fee, bytes32 inputHash, bytes32 outputHash))",
  "function assignedRequestsOf(address provider) view returns (uint256[])",
] as const;

export const PROVIDER_STAKING_ABI = [
  "function register(string endpoint, uint32 capacity, bytes32[] models) payable",
  "function addStake() payable",
  "function addModels(bytes32[] models)",
  "function setCapacity(uint32 capacity)",
  "function serves(address provider, bytes32 modelHash) view returns (bool)",
  "function getProvider(address provider) view returns (tuple(string endpoint, uint32 capacity, uint256 stake, uint256 unbonding, uint64 unbondingReadyAt, uint64 jailedUntil, bool registered, bool available, bool jailed, uint64 jobsCompleted, uint64 jobsFailed, uint64 timesSlashed, uint256 totalSlashed))",
  "function minStakeFor(uint256 capacity) view returns (uint256)",
] as const;

export const LORA_FACTORY_ABI = [
  "function claimJob(uint256 jobId)",
  "function submitResult(uint256 jobId, tuple(string cid, bytes32 modelHash, uint64 size, uint256 metric) result) returns (uint256)",
  "function getJob(uint256 jobId) view returns (tuple(address creator, address provider, uint8 status, uint64 deadline, uint32 rank, uint32 epochs, uint256 baseModelId, uint256 fee, uint256 adapterModelId, uint256 metric, string datasetCid))",
  "function openJobs() view returns (uint256[])",
  "function jobCount() view returns (uint256)",
] as const;

export const MODEL_REGISTRY_ABI = [
  "function getModel(uint256 modelId) view returns (tuple(tuple(string name, string framework, string version, string cid, bytes32 modelHash, uint64 size, uint256 price, uint8 policy) spec, address owner, address pendingOwner, bool active, uint64 registeredAt, uint256[] parents))",
] as const;
