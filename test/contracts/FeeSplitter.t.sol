// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Solidity fuzz and invariant tests of fee conservation, run by Hardhat's Solidity test runner:
//   npx hardhat test solidity test/contracts/FeeSplitter.t.sol
// (No forge-std: the few cheatcodes used are declared below; `bound` is written out.)

import {FeeSplitter} from "../../contracts/economics/FeeSplitter.sol";
import {Treasury} from "../../contracts/economics/Treasury.sol";
import {IProtocolParams} from "../../contracts/governance/IProtocolParams.sol";
import {ParamKeys} from "../../contracts/governance/ParamKeys.sol";
import {ProtocolParams} from "../../contracts/governance/ProtocolParams.sol";
import {TestProxy} from "../../contracts/test/TestProxy.sol";

interface Vm {
    function roll(uint256 blockNumber) external;
    function deal(address account, uint256 newBalance) external;
}

Vm constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
uint256 constant EPOCH_LENGTH = 10;

function bound(uint256 x, uint256 min, uint256 max) pure returns (uint256) {
    return min + (x % (max - min + 1));
}

/// Deploys the three contracts behind proxies, with `owner` owning ProtocolParams and the Treasury.
function deploySuite(address owner) returns (ProtocolParams params, Treasury treasury, FeeSplitter splitter) {
    IProtocolParams.ParamSpec[] memory specs = new IProtocolParams.ParamSpec[](3);
    specs[0] = IProtocolParams.ParamSpec(ParamKeys.FEE_PROVIDER_BPS, 5_000, 10_000, 8_000);
    specs[1] = IProtocolParams.ParamSpec(ParamKeys.FEE_TREASURY_BPS, 0, 5_000, 1_500);
    specs[2] = IProtocolParams.ParamSpec(ParamKeys.FEE_BURN_BPS, 0, 5_000, 500);
    params = ProtocolParams(
        address(
            new TestProxy(
                address(new ProtocolParams()),
                abi.encodeCall(ProtocolParams.initialize, (owner, EPOCH_LENGTH, specs))
            )
        )
    );
    treasury = Treasury(payable(address(new TestProxy(address(new Treasury()), abi.encodeCall(Treasury.initialize, (owner))))));
    splitter = FeeSplitter(
        address(
            new TestProxy(
                address(new FeeSplitter()),
                abi.encodeCall(FeeSplitter.initialize, (IProtocolParams(address(params)), payable(address(treasury))))
            )
        )
    );
}

/// A provider account: collects its credit from the splitter and keeps it.
contract ProviderAccount {
    function withdraw(FeeSplitter splitter) external returns (uint256) {
        return splitter.withdraw();
    }

    receive() external payable {}
}

/// What the invariant fuzzer calls: random fee payments, withdrawals and fee split changes. It deploys
/// and owns the suite, so that it may change the fee split.
contract FeeSplitterHandler {
    ProtocolParams public immutable params;
    Treasury public immutable treasury;
    FeeSplitter public immutable splitter;
    ProviderAccount[] private providers;

    uint256 public ghostPaid;
    uint256 public ghostReceived;

    uint256 public payments;
    uint256 public withdrawals;
    uint256 public splitChanges;

    constructor() {
        (params, treasury, splitter) = deploySuite(address(this));
        for (uint256 i = 0; i < 3; ++i) providers.push(new ProviderAccount());
    }

    function pay(uint256 providerSeed, uint256 amount) external {
        amount = bound(amount, 1, 1_000 ether);
        VM.deal(address(this), address(this).balance + amount);
        splitter.splitFee{value: amount}(address(providers[providerSeed % providers.length]));
        ghostPaid += amount;
        ++payments;
    }

    function withdraw(uint256 providerSeed) external {
        ProviderAccount account = providers[providerSeed % providers.length];
        if (splitter.withdrawable(address(account)) == 0) return;
        uint256 before = address(account).balance;
        account.withdraw(splitter);
        ghostReceived += address(account).balance - before;
        ++withdrawals;
    }

    function changeSplit(uint256 treasuryBps, uint256 burnBps) external {
        treasuryBps = bound(treasuryBps, 0, 5_000);
        burnBps = bound(burnBps, 0, 5_000 - treasuryBps);
        params.setFeeSplit(10_000 - treasuryBps - burnBps, treasuryBps, burnBps);
        VM.roll((block.number / EPOCH_LENGTH + 1) * EPOCH_LENGTH);
        ++splitChanges;
    }

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    function providerAt(uint256 i) external view returns (address) {
        return address(providers[i]);
    }
}

contract FeeSplitterFuzzTest {
    ProtocolParams private params;
    Treasury private treasury;
    FeeSplitter private splitter;

    function setUp() public {
        (params, treasury, splitter) = deploySuite(address(this));
    }

    /// Any amount, any split summing to 10,000: the shares are the floors for treasury and burn and
    /// sum to the amount exactly.
    function testFuzz_splitAmountConservesEveryWei(uint256 amount, uint256 treasuryBps, uint256 burnBps) public view {
        treasuryBps = bound(treasuryBps, 0, 10_000);
        burnBps = bound(burnBps, 0, 10_000 - treasuryBps);
        uint256 providerBps = 10_000 - treasuryBps - burnBps;
        (uint256 p, uint256 t, uint256 b) = splitter.splitAmount(amount, providerBps, treasuryBps, burnBps);
        require(p + t + b == amount, "shares do not sum to the amount");
        require(t <= amount && b <= amount, "share larger than the amount");
        // floor(amount * bps / 10,000) without overflow: split amount into quotient and remainder
        require(t == (amount / 10_000) * treasuryBps + ((amount % 10_000) * treasuryBps) / 10_000, "treasury share");
        require(b == (amount / 10_000) * burnBps + ((amount % 10_000) * burnBps) / 10_000, "burn share");
    }

    /// A fee of any size moves exactly msg.value: provider credit + Treasury + burn address.
    function testFuzz_splitFeeMovesExactlyTheFee(uint256 amount, address provider) public {
        amount = bound(amount, 1, 1_000_000 ether);
        if (provider == address(0)) provider = address(1);
        VM.deal(address(this), amount);
        address burn = splitter.BURN_ADDRESS();
        uint256 treasuryBefore = address(treasury).balance;
        uint256 burnBefore = burn.balance;
        uint256 creditBefore = splitter.withdrawable(provider);
        (uint256 p, uint256 t, uint256 b) = splitter.splitFee{value: amount}(provider);
        require(p + t + b == amount, "shares do not sum to the fee");
        require(splitter.withdrawable(provider) - creditBefore == p, "provider credit");
        require(address(treasury).balance - treasuryBefore == t, "treasury received");
        require(burn.balance - burnBefore == b, "burned");
        require(address(splitter).balance == splitter.totalWithdrawable(), "splitter holds the credits");
    }
}

contract FeeSplitterInvariantTest {
    ProtocolParams private params;
    Treasury private treasury;
    FeeSplitter private splitter;
    FeeSplitterHandler private handler;
    uint256 private burnStart;

    function setUp() public {
        handler = new FeeSplitterHandler();
        (params, treasury, splitter) = (handler.params(), handler.treasury(), handler.splitter());
        burnStart = splitter.BURN_ADDRESS().balance;
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// total withdrawn + withdrawable + treasury + burned == total paid, measured and as accounted.
    function invariant_feeConservation() public view {
        uint256 paid = splitter.totalPaid();
        require(paid == handler.ghostPaid(), "paid");
        require(
            splitter.totalWithdrawn() + splitter.totalWithdrawable() + splitter.totalToTreasury() + splitter.totalBurned()
                == paid,
            "accounting does not sum to the fees paid"
        );
        require(handler.ghostReceived() == splitter.totalWithdrawn(), "withdrawn");
        require(address(treasury).balance == splitter.totalToTreasury(), "treasury");
        require(splitter.BURN_ADDRESS().balance - burnStart == splitter.totalBurned(), "burned");
        require(address(splitter).balance == splitter.totalWithdrawable(), "splitter balance");
        uint256 sum;
        for (uint256 i = 0; i < handler.providerCount(); ++i) sum += splitter.withdrawable(handler.providerAt(i));
        require(sum == splitter.totalWithdrawable(), "credits");
    }

    /// The fee split in force always sums to 10,000.
    function invariant_feeSplitSums() public view {
        (uint256 p, uint256 t, uint256 b) = params.feeSplit();
        require(p + t + b == 10_000, "fee split");
    }
}
