// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Solidity fuzz and invariant tests of ProtocolParams' bounds, run by Hardhat's Solidity test runner:
//   npx hardhat test solidity test/contracts/ProtocolParams.t.sol
// (No forge-std: the cheatcode used is declared below; `bound` is written out.)

import {IProtocolParams} from "../../contracts/governance/IProtocolParams.sol";
import {ParamKeys} from "../../contracts/governance/ParamKeys.sol";
import {ProtocolParams} from "../../contracts/governance/ProtocolParams.sol";
import {TestProxy} from "../../contracts/test/TestProxy.sol";

interface Vm {
    function roll(uint256 blockNumber) external;
}

Vm constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
uint256 constant EPOCH_LENGTH = 10;
uint256 constant REWARD_MIN = 1 ether;
uint256 constant REWARD_MAX = 100 ether;

function bound(uint256 x, uint256 min, uint256 max) pure returns (uint256) {
    return min + (x % (max - min + 1));
}

/// ProtocolParams behind a proxy, owned by `owner`: the fee split keys and BLOCK_REWARD in [1, 100] LAT.
function deployParams(address owner) returns (ProtocolParams) {
    IProtocolParams.ParamSpec[] memory specs = new IProtocolParams.ParamSpec[](4);
    specs[0] = IProtocolParams.ParamSpec(ParamKeys.FEE_PROVIDER_BPS, 5_000, 10_000, 8_000);
    specs[1] = IProtocolParams.ParamSpec(ParamKeys.FEE_TREASURY_BPS, 0, 5_000, 1_500);
    specs[2] = IProtocolParams.ParamSpec(ParamKeys.FEE_BURN_BPS, 0, 5_000, 500);
    specs[3] = IProtocolParams.ParamSpec(ParamKeys.BLOCK_REWARD, REWARD_MIN, REWARD_MAX, 10 ether);
    bytes memory init = abi.encodeCall(ProtocolParams.initialize, (owner, EPOCH_LENGTH, specs));
    return ProtocolParams(address(new TestProxy(address(new ProtocolParams()), init)));
}

contract ProtocolParamsFuzzTest {
    ProtocolParams private params;

    function setUp() public {
        params = deployParams(address(this));
    }

    /// Any value: in bounds it takes effect exactly at the next epoch boundary, outside it is refused.
    function testFuzz_setParamTakesEffectAtTheBoundaryOrReverts(uint256 value, uint256 offset) public {
        VM.roll(bound(offset, 0, 1_000_000));
        if (offset % 2 == 0) value = bound(value, 0, 2 * REWARD_MAX); // half the runs near the bounds
        uint256 epoch = params.currentEpoch();
        try params.setParam(ParamKeys.BLOCK_REWARD, value) {
            require(value >= REWARD_MIN && value <= REWARD_MAX, "out-of-bounds value accepted");
            require(params.getParam(ParamKeys.BLOCK_REWARD) == 10 ether, "changed before the boundary");
            VM.roll((epoch + 1) * EPOCH_LENGTH - 1);
            require(params.getParam(ParamKeys.BLOCK_REWARD) == 10 ether, "changed before the boundary");
            VM.roll((epoch + 1) * EPOCH_LENGTH);
            require(params.getParam(ParamKeys.BLOCK_REWARD) == value, "not in force at the boundary");
        } catch (bytes memory reason) {
            require(value < REWARD_MIN || value > REWARD_MAX, "in-bounds value refused");
            require(bytes4(reason) == IProtocolParams.ParamOutOfBounds.selector, "wrong error");
        }
    }

    /// Any fee split: accepted only if every share is in bounds and they sum to 10,000.
    function testFuzz_setFeeSplitAcceptsOnlyValidSplits(uint256 p, uint256 t, uint256 b) public {
        p = bound(p, 0, 12_000);
        t = bound(t, 0, 12_000);
        b = bound(b, 0, 12_000);
        bool valid = p >= 5_000 && p <= 10_000 && t <= 5_000 && b <= 5_000 && p + t + b == 10_000;
        try params.setFeeSplit(p, t, b) {
            require(valid, "invalid split accepted");
        } catch {
            require(!valid, "valid split refused");
        }
    }
}

/// What the invariant fuzzer calls: any value for BLOCK_REWARD, any fee split, any block advance.
contract ProtocolParamsHandler {
    ProtocolParams public immutable params;

    constructor() {
        params = deployParams(address(this));
    }

    function setReward(uint256 value) external {
        params.setParam(ParamKeys.BLOCK_REWARD, value);
    }

    function setFeeSplit(uint256 p, uint256 t, uint256 b) external {
        params.setFeeSplit(bound(p, 0, 10_000), bound(t, 0, 10_000), bound(b, 0, 10_000));
    }

    function advance(uint256 blocks) external {
        VM.roll(block.number + bound(blocks, 1, 3 * EPOCH_LENGTH));
    }
}

contract ProtocolParamsInvariantTest {
    ProtocolParamsHandler private handler;
    ProtocolParams private params;

    function setUp() public {
        handler = new ProtocolParamsHandler();
        params = handler.params();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// No value outside its bounds is ever in force, now or scheduled.
    function invariant_valuesStayWithinBounds() public view {
        uint256 reward = params.getParam(ParamKeys.BLOCK_REWARD);
        require(reward >= REWARD_MIN && reward <= REWARD_MAX, "reward out of bounds");
        uint256 next = params.paramAt(ParamKeys.BLOCK_REWARD, params.currentEpoch() + 1);
        require(next >= REWARD_MIN && next <= REWARD_MAX, "scheduled reward out of bounds");
    }

    /// The fee split in force, and the one scheduled, always sum to 10,000.
    function invariant_feeSplitSums() public view {
        (uint256 p, uint256 t, uint256 b) = params.feeSplit();
        require(p + t + b == 10_000, "fee split in force");
        uint256 next = params.currentEpoch() + 1;
        require(
            params.paramAt(ParamKeys.FEE_PROVIDER_BPS, next) + params.paramAt(ParamKeys.FEE_TREASURY_BPS, next)
                + params.paramAt(ParamKeys.FEE_BURN_BPS, next) == 10_000,
            "scheduled fee split"
        );
    }
}
