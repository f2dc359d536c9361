// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Solidity fuzz and invariant tests of the AI economy (fee conservation, stake accounting, no stuck
// escrow, pin fees reaching the ARTIFACT precompile), run by Hardhat's Solidity test runner:
//   npx hardhat test solidity test/contracts/AIEconomy.t.sol
// Each invariant runs 128 sequences of 100 handler calls (`hardhat-config` lines): Hardhat's defaults
// (256 × 500 per invariant) take well over 8 minutes on a 2-core machine; raise them for a long soak.
// (No forge-std: the few cheatcodes used are declared below; `bound` is written out.)

import {FeeSplitter} from "../../contracts/economics/FeeSplitter.sol";
import {Treasury} from "../../contracts/economics/Treasury.sol";
import {IProtocolParams} from "../../contracts/governance/IProtocolParams.sol";
import {ParamKeys} from "../../contracts/governance/ParamKeys.sol";
import {ProtocolParams} from "../../contracts/governance/ProtocolParams.sol";
import {InferenceRouter} from "../../contracts/ai/InferenceRouter.sol";
import {LoRAFactory} from "../../contracts/ai/LoRAFactory.sol";
import {ModelRegistry} from "../../contracts/ai/ModelRegistry.sol";
import {ProviderStaking} from "../../contracts/staking/ProviderStaking.sol";
import {MockArtifactPrecompile} from "../../contracts/test/MockArtifactPrecompile.sol";
import {MockModelPrecompile} from "../../contracts/test/MockModelPrecompile.sol";
import {TestProxy} from "../../contracts/test/TestProxy.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

interface Vm {
    function warp(uint256 timestamp) external;
    function deal(address account, uint256 newBalance) external;
    function roll(uint256 blockNumber) external;
}

Vm constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

uint256 constant PER_CAPACITY = 1 ether;
uint256 constant TIMEOUT = 300;
uint256 constant WINDOW = 600;
uint256 constant UNBONDING = 3_600;
uint256 constant PRICE = 10_000;
uint256 constant EPOCH = 100;
// Pin fee per replica the ARTIFACT mock starts with (the registry pins on one replica).
uint256 constant PIN_FEE = 1_000;
// Largest job fee and pin fee the invariant handler uses: comparable, so that jobs are refused for a
// fee not above the pin cost, and claimed jobs are stranded by a pin fee rise, often enough.
uint256 constant MAX_FUZZ_FEE = 1e16;

function bound(uint256 x, uint256 min, uint256 max) pure returns (uint256) {
    return min + (x % (max - min + 1));
}

struct Suite {
    MockModelPrecompile model;
    MockArtifactPrecompile artifact;
    ProtocolParams params;
    Treasury treasury;
    FeeSplitter splitter;
    ModelRegistry registry;
    ProviderStaking staking;
    InferenceRouter router;
    LoRAFactory lora;
}

function proxy(address implementation, bytes memory init) returns (address) {
    return address(new TestProxy(implementation, init));
}

/// The protocol params the AI economy reads (registration fee 0 so tests need not fund it).
function deployParams(address owner) returns (ProtocolParams) {
    IProtocolParams.ParamSpec[] memory specs = new IProtocolParams.ParamSpec[](10);
    specs[0] = IProtocolParams.ParamSpec(ParamKeys.FEE_PROVIDER_BPS, 5_000, 10_000, 8_000);
    specs[1] = IProtocolParams.ParamSpec(ParamKeys.FEE_TREASURY_BPS, 0, 5_000, 1_500);
    specs[2] = IProtocolParams.ParamSpec(ParamKeys.FEE_BURN_BPS, 0, 5_000, 500);
    specs[3] = IProtocolParams.ParamSpec(ParamKeys.MIN_STAKE_PER_CAPACITY, 1, 1e24, PER_CAPACITY);
    specs[4] = IProtocolParams.ParamSpec(ParamKeys.UNBONDING_PERIOD, 1, 1e9, UNBONDING);
    specs[5] = IProtocolParams.ParamSpec(ParamKeys.CHALLENGE_WINDOW, 1, 1e9, WINDOW);
    specs[6] = IProtocolParams.ParamSpec(ParamKeys.REQUEST_TIMEOUT, 1, 1e9, TIMEOUT);
    specs[7] = IProtocolParams.ParamSpec(ParamKeys.REGISTRATION_FEE, 0, 1e24, 0);
    specs[8] = IProtocolParams.ParamSpec(ParamKeys.SLASH_TIMEOUT_BPS, 0, 5_000, 500);
    specs[9] = IProtocolParams.ParamSpec(ParamKeys.SLASH_WRONG_RESULT_BPS, 0, 10_000, 2_000);
    return ProtocolParams(proxy(address(new ProtocolParams()), abi.encodeCall(ProtocolParams.initialize, (owner, EPOCH, specs))));
}

/// The whole AI economy behind proxies, `admin` holding every role, calling the precompile mocks.
function deploySuite(address admin) returns (Suite memory s) {
    s.model = new MockModelPrecompile();
    s.artifact = new MockArtifactPrecompile();
    s.artifact.setPinFee(PIN_FEE);
    s.params = deployParams(admin);
    s.treasury = Treasury(payable(proxy(address(new Treasury()), abi.encodeCall(Treasury.initialize, (admin)))));
    s.splitter = FeeSplitter(
        proxy(address(new FeeSplitter()), abi.encodeCall(FeeSplitter.initialize, (s.params, payable(address(s.treasury)))))
    );
    s.registry = ModelRegistry(
        proxy(
            address(new ModelRegistry(s.model, s.artifact)),
            abi.encodeCall(ModelRegistry.initialize, (admin, s.params, payable(address(s.treasury)), 1))
        )
    );
    s.staking = ProviderStaking(
        proxy(
            address(new ProviderStaking()),
            abi.encodeCall(ProviderStaking.initialize, (admin, s.params, payable(address(s.treasury)), 0))
        )
    );
    s.router = InferenceRouter(
        proxy(
            address(new InferenceRouter(s.model)),
            abi.encodeCall(InferenceRouter.initialize, (admin, s.params, s.registry, s.staking, s.splitter, 0, 5_000))
        )
    );
    s.lora = LoRAFactory(
        proxy(
            address(new LoRAFactory(s.model)),
            abi.encodeCall(LoRAFactory.initialize, (admin, s.registry, s.staking, s.splitter, 1_000, 1_000))
        )
    );
}

function modelSpec(bytes32 modelHash, uint256 price) pure returns (ModelRegistry.ModelSpec memory) {
    return ModelRegistry.ModelSpec("m", "onnx", "1", "bafy-m", modelHash, 1, price, ModelRegistry.AccessPolicy.Public);
}

/// A provider: registers, answers requests (right or wrong), claims jobs, unbonds and withdraws.
contract ProviderAccount {
    function register(ProviderStaking staking, bytes32 modelHash, uint32 capacity) external payable {
        bytes32[] memory models = new bytes32[](1);
        models[0] = modelHash;
        staking.register{value: msg.value}("endpoint", capacity, models);
    }

    function submit(InferenceRouter router, uint256 requestId, bytes calldata output) external {
        router.submitResult(requestId, output);
    }

    function claim(LoRAFactory lora, uint256 jobId) external {
        lora.claimJob(jobId);
    }

    /// Each adapter has its own file, hence its own CID (ARTIFACT takes one active request per CID).
    function deliver(LoRAFactory lora, uint256 jobId, uint256 nonce) external {
        string memory cid = string.concat("bafy-adapter-", Strings.toString(nonce));
        lora.submitResult(jobId, LoRAFactory.JobResult(cid, keccak256(abi.encode("adapter", nonce)), 1, 1));
    }

    function unbond(ProviderStaking staking, uint256 amount) external {
        staking.unbond(amount);
    }

    function withdraw(ProviderStaking staking) external {
        staking.withdraw(payable(address(this)));
    }

    function unjail(ProviderStaking staking) external {
        staking.unjail();
    }

    receive() external payable {}
}

/// What the invariant fuzzer calls. It owns the suite and is the requester and challenger.
contract AIEconomyHandler {
    bytes32 public constant MODEL_HASH = keccak256("fuzz-model");

    MockModelPrecompile public immutable model;
    MockArtifactPrecompile public immutable artifact;
    ProtocolParams public immutable params;
    Treasury public immutable treasury;
    FeeSplitter public immutable splitter;
    ModelRegistry public immutable registry;
    ProviderStaking public immutable staking;
    InferenceRouter public immutable router;
    LoRAFactory public immutable lora;
    ProviderAccount[] private providers;

    uint256 public ghostRouterIn;
    uint256 public ghostRouterOut;
    uint256 public ghostLoraIn;
    uint256 public ghostLoraOut;
    uint256 public ghostStakeIn;
    uint256 public ghostStakeOut;
    /// Pin fees paid: for the base model's registration, and out of completed jobs' fees.
    uint256 public ghostPinFees;
    uint256 public ghostJobPinFees;
    uint256 public calls;
    uint256 private adapterNonce;
    /// Each request's input is `abi.encode(extra)`, `extra` being what it paid above the price.
    mapping(uint256 requestId => uint256) private extraOf;

    constructor() payable {
        Suite memory s = deploySuite(address(this));
        (model, artifact, params, treasury, splitter, registry, staking, router, lora) =
            (s.model, s.artifact, s.params, s.treasury, s.splitter, s.registry, s.staking, s.router, s.lora);
        staking.grantRole(staking.SLASHER_ROLE(), address(router));
        staking.grantRole(staking.REPORTER_ROLE(), address(router));
        staking.grantRole(staking.REPORTER_ROLE(), address(lora));
        registry.grantRole(registry.VERSION_REGISTRAR_ROLE(), address(lora));
        uint256 pinCost = registry.pinCost();
        VM.deal(address(this), pinCost);
        registry.registerModel{value: pinCost}(modelSpec(MODEL_HASH, PRICE));
        ghostPinFees += pinCost;
        for (uint256 i = 0; i < 3; ++i) {
            ProviderAccount account = new ProviderAccount();
            VM.deal(address(this), address(this).balance + 4 * PER_CAPACITY);
            account.register{value: 4 * PER_CAPACITY}(staking, MODEL_HASH, 2);
            ghostStakeIn += 4 * PER_CAPACITY;
            providers.push(account);
        }
    }

    // ----- inference market -----

    function request(uint256 extra) external {
        extra = bound(extra, 0, 1_000);
        VM.deal(address(this), address(this).balance + PRICE + extra);
        try router.requestInference{value: PRICE + extra}(MODEL_HASH, abi.encode(extra)) returns (uint256 id) {
            extraOf[id] = extra;
            ghostRouterIn += PRICE + extra;
        } catch (bytes memory reason) {
            require(bytes4(reason) == InferenceRouter.NoProviderAvailable.selector, "unexpected request failure");
        }
        ++calls;
    }

    function submit(uint256 seed, bool correct) external {
        (uint256 id, InferenceRouter.Request memory r) = _pick(seed, InferenceRouter.RequestStatus.Assigned);
        if (id == 0 || block.timestamp > r.resultDeadline) return;
        bytes memory input = abi.encode(extraOf[id]);
        uint256 expected = model.expectedOutput(MODEL_HASH, input);
        ProviderAccount(payable(r.provider)).submit(router, id, abi.encode(correct ? expected : expected + 1));
        ++calls;
    }

    function challenge(uint256 seed) external {
        (uint256 id, InferenceRouter.Request memory r) = _pick(seed, InferenceRouter.RequestStatus.Submitted);
        if (id == 0 || block.timestamp >= r.challengeDeadline) return;
        bytes memory input = abi.encode(extraOf[id]);
        uint256 expected = model.expectedOutput(MODEL_HASH, input);
        bytes memory output = abi.encode(expected);
        if (keccak256(output) != r.outputHash) output = abi.encode(expected + 1);
        router.challenge(id, input, output);
        ++calls;
    }

    function settle(uint256 seed) external {
        uint256 count = router.requestCount();
        if (count == 0) return;
        uint256 id = bound(seed, 1, count);
        InferenceRouter.Request memory r = router.getRequest(id);
        if (r.status == InferenceRouter.RequestStatus.Submitted && block.timestamp >= r.challengeDeadline) {
            router.finalize(id);
        } else if (r.status == InferenceRouter.RequestStatus.Assigned && block.timestamp > r.resultDeadline) {
            router.expire(id);
        } else {
            return;
        }
        ++calls;
    }

    function withdrawRefunds() external {
        uint256 owed = router.refundOf(address(this));
        if (owed != 0) {
            router.withdrawRefund(payable(address(this)));
            ghostRouterOut += owed;
        }
        owed = lora.refundOf(address(this));
        if (owed != 0) {
            lora.withdrawRefund(payable(address(this)));
            ghostLoraOut += owed;
        }
        ++calls;
    }

    function warp(uint256 secondsAhead) external {
        VM.warp(block.timestamp + bound(secondsAhead, 1, 2 * WINDOW));
    }

    // ----- staking -----

    function unbond(uint256 seed, uint256 amount) external {
        ProviderAccount account = providers[seed % providers.length];
        ProviderStaking.Provider memory p = staking.getProvider(address(account));
        uint256 spare = p.stake > staking.minStakeFor(p.capacity) ? p.stake - staking.minStakeFor(p.capacity) : 0;
        if (spare == 0) return;
        account.unbond(staking, bound(amount, 1, spare));
        ++calls;
    }

    function withdrawStake(uint256 seed) external {
        ProviderAccount account = providers[seed % providers.length];
        ProviderStaking.Provider memory p = staking.getProvider(address(account));
        if (p.unbonding == 0 || block.timestamp < p.unbondingReadyAt) return;
        account.withdraw(staking);
        ghostStakeOut += p.unbonding;
        ++calls;
    }

    function unjail(uint256 seed) external {
        ProviderAccount account = providers[seed % providers.length];
        ProviderStaking.Provider memory p = staking.getProvider(address(account));
        if (!p.jailed || block.timestamp < p.jailedUntil || p.stake < staking.minStakeFor(p.capacity)) return;
        account.unjail(staking);
        ++calls;
    }

    // ----- fine-tuning jobs -----

    function createJob(uint256 fee) external {
        fee = bound(fee, 1, MAX_FUZZ_FEE);
        VM.deal(address(this), address(this).balance + fee);
        try lora.createJob{value: fee}(1, "bafy-data", 4, 1) {
            ghostLoraIn += fee;
        } catch (bytes memory reason) {
            require(bytes4(reason) == LoRAFactory.JobFeeTooLow.selector, "unexpected job failure");
            require(fee <= registry.pinCost(), "job refused above the pin cost");
        }
        ++calls;
    }

    /// Governance changes the ARTIFACT pin fee (between the job fees' bounds, so it may strand jobs).
    function setPinFee(uint256 fee) external {
        artifact.setPinFee(bound(fee, 0, MAX_FUZZ_FEE));
        ++calls;
    }

    function progressJob(uint256 seed, uint8 action) external {
        uint256 count = lora.jobCount();
        if (count == 0) return;
        uint256 id = bound(seed, 1, count);
        LoRAFactory.Job memory job = lora.getJob(id);
        ProviderAccount account = providers[seed % providers.length];
        if (job.status == LoRAFactory.JobStatus.Open) {
            if (action % 2 == 0) lora.cancelJob(id);
            else if (staking.isEligible(address(account))) account.claim(lora, id);
            else return;
        } else if (job.status == LoRAFactory.JobStatus.Claimed) {
            if (block.timestamp > job.deadline) {
                lora.expireJob(id);
            } else {
                uint256 pinCost = registry.pinCost();
                try ProviderAccount(payable(job.provider)).deliver(lora, id, ++adapterNonce) {
                    ghostPinFees += pinCost;
                    ghostJobPinFees += pinCost;
                } catch (bytes memory reason) {
                    require(bytes4(reason) == LoRAFactory.JobFeeTooLow.selector, "unexpected delivery failure");
                    require(job.fee <= pinCost, "delivery refused above the pin cost");
                }
            }
        } else {
            return;
        }
        ++calls;
    }

    // ----- helpers for the invariants -----

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    function providerAt(uint256 i) external view returns (address) {
        return address(providers[i]);
    }

    function _pick(uint256 seed, InferenceRouter.RequestStatus status)
        private
        view
        returns (uint256 id, InferenceRouter.Request memory r)
    {
        uint256 count = router.requestCount();
        for (uint256 k = 0; k < count; ++k) {
            uint256 candidate = (seed + k) % count + 1;
            r = router.getRequest(candidate);
            if (r.status == status) return (candidate, r);
        }
    }

    receive() external payable {}
}

contract AIEconomyInvariantTest {
    AIEconomyHandler private handler;

    function setUp() public {
        handler = new AIEconomyHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Router: balance == escrow + refunds owed; escrow == the fees of open requests; every wei the
    /// requesters paid in is escrowed, owed back, withdrawn, or paid to the FeeSplitter.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 100
    function invariant_routerConservesFees() public view {
        InferenceRouter router = handler.router();
        uint256 balance = address(router).balance;
        require(balance == router.totalEscrowed() + router.totalRefundsOwed(), "router balance");
        uint256 open;
        uint256 settled;
        for (uint256 id = 1; id <= router.requestCount(); ++id) {
            InferenceRouter.Request memory r = router.getRequest(id);
            if (r.status == InferenceRouter.RequestStatus.Assigned || r.status == InferenceRouter.RequestStatus.Submitted) {
                open += r.fee;
            } else if (r.status == InferenceRouter.RequestStatus.Finalized) {
                settled += r.fee;
            }
        }
        require(open == router.totalEscrowed(), "escrow != open requests");
        require(handler.ghostRouterIn() == balance + handler.ghostRouterOut() + settled, "router fees not conserved");
    }

    /// Staking: balance == active + unbonding + rewards owed; totals equal the providers' sums; every wei
    /// staked is still there, withdrawn, or slashed.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 100
    function invariant_stakeAccounting() public view {
        ProviderStaking staking = handler.staking();
        uint256 balance = address(staking).balance;
        require(balance == staking.totalStaked() + staking.totalUnbonding() + staking.totalRewardsOwed(), "staking balance");
        uint256 active;
        uint256 unbonding;
        for (uint256 i = 0; i < handler.providerCount(); ++i) {
            ProviderStaking.Provider memory p = staking.getProvider(handler.providerAt(i));
            active += p.stake;
            unbonding += p.unbonding;
        }
        require(active == staking.totalStaked() && unbonding == staking.totalUnbonding(), "provider sums");
        require(
            handler.ghostStakeIn() == staking.totalStaked() + staking.totalUnbonding() + staking.totalSlashed() + handler.ghostStakeOut(),
            "stake not conserved"
        );
    }

    /// LoRAFactory: balance == escrow + refunds owed; every job fee is escrowed, owed back, withdrawn,
    /// or paid out on completion (its adapter's pin fee to ARTIFACT, the rest to the provider).
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 100
    function invariant_loraConservesFees() public view {
        LoRAFactory lora = handler.lora();
        uint256 balance = address(lora).balance;
        require(balance == lora.totalEscrowed() + lora.totalRefundsOwed(), "lora balance");
        uint256 open;
        uint256 paid;
        for (uint256 id = 1; id <= lora.jobCount(); ++id) {
            LoRAFactory.Job memory job = lora.getJob(id);
            if (job.status == LoRAFactory.JobStatus.Open || job.status == LoRAFactory.JobStatus.Claimed) open += job.fee;
            else if (job.status == LoRAFactory.JobStatus.Completed) paid += job.fee;
        }
        require(open == lora.totalEscrowed(), "escrow != open jobs");
        require(handler.ghostLoraIn() == balance + handler.ghostLoraOut() + paid, "job fees not conserved");
        require(paid >= handler.ghostJobPinFees(), "pin fees exceed completed job fees");
    }

    /// Pin fees: the registry never keeps ether; ARTIFACT received exactly the pin fees paid.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 100
    function invariant_pinFeesReachArtifact() public view {
        require(address(handler.registry()).balance == 0, "registry holds ether");
        require(address(handler.artifact()).balance == handler.ghostPinFees(), "pin fees not at ARTIFACT");
    }

    /// FeeSplitter: everything paid in is credited, sent to the Treasury, or burned.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 100
    function invariant_feeSplitterConserves() public view {
        FeeSplitter splitter = handler.splitter();
        require(
            splitter.totalPaid()
                == splitter.totalWithdrawable() + splitter.totalWithdrawn() + splitter.totalToTreasury() + splitter.totalBurned(),
            "splitter"
        );
    }
}

contract AIEconomyFuzzTest {
    Suite private s;
    bytes32 private constant MODEL_HASH = keccak256("fuzz-model");
    ProviderAccount[] private providers;

    function setUp() public {
        s = deploySuite(address(this));
        s.staking.grantRole(s.staking.SLASHER_ROLE(), address(s.router));
        s.staking.grantRole(s.staking.REPORTER_ROLE(), address(s.router));
        VM.deal(address(this), PIN_FEE);
        s.registry.registerModel{value: PIN_FEE}(modelSpec(MODEL_HASH, PRICE));
        for (uint256 i = 0; i < 3; ++i) {
            ProviderAccount account = new ProviderAccount();
            VM.deal(address(this), address(this).balance + 10 * PER_CAPACITY);
            account.register{value: 10 * PER_CAPACITY}(s.staking, MODEL_HASH, 4);
            providers.push(account);
        }
    }

    /// Any mix of answered / unanswered / wrong requests: once every deadline has passed, each request
    /// can be closed by anyone, the escrow empties, and fee + refunds account for every wei paid in.
    function testFuzz_noStuckEscrow(uint8 n, uint256 pattern) public {
        n = uint8(bound(n, 1, 12));
        uint256 paidIn;
        uint256 made;
        for (uint256 i = 0; i < n; ++i) {
            uint256 value = PRICE + (pattern >> (i * 8)) % 100;
            VM.deal(address(this), address(this).balance + value);
            try s.router.requestInference{value: value}(MODEL_HASH, abi.encode(i + 1)) returns (uint256 id) {
                paidIn += value;
                ++made;
                InferenceRouter.Request memory r = s.router.getRequest(id);
                uint256 mode = (pattern >> (i * 2 + 128)) % 3; // 0: no answer, 1: right, 2: wrong
                if (mode == 0) continue;
                uint256 expected = s.model.expectedOutput(MODEL_HASH, abi.encode(i + 1));
                ProviderAccount(payable(r.provider)).submit(s.router, id, abi.encode(mode == 1 ? expected : expected + 7));
            } catch {
                break; // every provider at capacity
            }
        }
        VM.warp(block.timestamp + TIMEOUT + WINDOW + 1);
        uint256 settled;
        for (uint256 id = 1; id <= made; ++id) {
            InferenceRouter.Request memory r = s.router.getRequest(id);
            if (r.status == InferenceRouter.RequestStatus.Assigned) {
                s.router.expire(id);
            } else {
                s.router.finalize(id);
                settled += r.fee;
            }
            r = s.router.getRequest(id);
            require(
                r.status == InferenceRouter.RequestStatus.Finalized || r.status == InferenceRouter.RequestStatus.Expired,
                "request did not end"
            );
        }
        require(s.router.totalEscrowed() == 0, "escrow left");
        require(address(s.router).balance == s.router.totalRefundsOwed(), "router balance");
        require(paidIn == settled + s.router.totalRefundsOwed(), "fees not conserved");
    }

    /// Any slash share and reward share: slashed stake goes exactly to the Treasury and the beneficiary.
    function testFuzz_slashConservesStake(uint256 bps, uint256 rewardBps, uint256 unbondAmount) public {
        bps = bound(bps, 0, 10_000);
        rewardBps = bound(rewardBps, 0, 10_000);
        address provider = address(providers[0]);
        unbondAmount = bound(unbondAmount, 0, 6 * PER_CAPACITY);
        if (unbondAmount != 0) providers[0].unbond(s.staking, unbondAmount);
        s.staking.grantRole(s.staking.SLASHER_ROLE(), address(this));
        uint256 treasuryBefore = address(s.treasury).balance;
        uint256 stakingBefore = address(s.staking).balance;
        (uint256 slashed, uint256 reward) = s.staking.slash(provider, bps, address(0xBEEF), rewardBps, "fuzz");
        require(slashed == (10 * PER_CAPACITY * bps) / 10_000, "slashed amount");
        require(reward == (slashed * rewardBps) / 10_000, "reward");
        require(address(s.treasury).balance - treasuryBefore == slashed - reward, "treasury share");
        require(stakingBefore - address(s.staking).balance == slashed - reward, "staking outflow");
        require(s.staking.rewardOf(address(0xBEEF)) == reward, "reward credited");
        ProviderStaking.Provider memory p = s.staking.getProvider(provider);
        require(p.stake + p.unbonding == 10 * PER_CAPACITY - slashed, "remaining stake");
    }

    /// Any registration fee, pin fee, replica count and sent value: registration takes exactly
    /// `registrationCost().total`, sends the registration fee to the Treasury and the pin fee to ARTIFACT,
    /// and leaves nothing in the registry; any other value reverts with the numbers.
    function testFuzz_registrationPaysExactly(uint256 regFee, uint256 pinFee, uint32 replicas, uint256 offset, bool over)
        public
    {
        regFee = bound(regFee, 0, 1e24);
        pinFee = bound(pinFee, 0, 1e20);
        replicas = uint32(bound(replicas, 1, 16));
        s.params.setParam(ParamKeys.REGISTRATION_FEE, regFee);
        VM.roll(block.number + EPOCH);
        s.registry.setPinReplicas(replicas);
        s.artifact.setPinFee(pinFee);
        (uint256 registration, uint256 pin, uint256 total) = s.registry.registrationCost();
        require(registration == regFee && pin == pinFee * replicas && total == regFee + pin, "registration cost");
        ModelRegistry.ModelSpec memory spec = modelSpec(keccak256("other"), PRICE);
        spec.cid = "bafy-other";
        offset = bound(offset, 1, over ? 1e18 : (total == 0 ? 1 : total));
        VM.deal(address(this), total + offset);
        if (over || total != 0) {
            uint256 wrong = over ? total + offset : total - offset;
            try s.registry.registerModel{value: wrong}(spec) {
                revert("wrong value accepted");
            } catch (bytes memory reason) {
                bytes memory expected =
                    abi.encodeWithSelector(ModelRegistry.WrongRegistrationPayment.selector, wrong, regFee, pin);
                require(keccak256(reason) == keccak256(expected), "wrong revert");
            }
        }
        uint256 treasuryBefore = address(s.treasury).balance;
        uint256 artifactBefore = address(s.artifact).balance;
        s.registry.registerModel{value: total}(spec);
        require(address(s.treasury).balance - treasuryBefore == regFee, "treasury share");
        require(address(s.artifact).balance - artifactBefore == pin, "artifact share");
        require(address(s.registry).balance == 0, "registry holds ether");
    }

    receive() external payable {}
}
