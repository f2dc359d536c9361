// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {TimelockControllerUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {DAOToken} from "./dao/DAOToken.sol";
import {DAOGovernor} from "./dao/DAOGovernor.sol";
import {Treasury} from "../economics/Treasury.sol";

/// @title GovernanceFactory: one transaction makes an application DAO
/// @notice {createDAO} clones (ERC-1167 minimal proxies) four implementations fixed at initialisation
///         (a {DAOToken}, a {DAOGovernor}, a TimelockController and a {Treasury}) and wires them: the token
///         minted to its initial holders, the Governor voting with it, the timelock (self-administered,
///         the Governor its only proposer, canceller and executor) owning the treasury.
/// @dev A genesis predeploy: no constructor state, no immutables; implementation addresses and the DAO
///      list live in ERC-7201 namespaced storage `citrate.storage.GovernanceFactory`. All clones are made
///      and initialised in the same transaction, so no one can initialise them first.
contract GovernanceFactory is Initializable {
    /// @notice The implementations every DAO is cloned from.
    struct Implementations {
        address token;
        address governor;
        address timelock;
        address treasury;
    }

    /// @notice What {createDAO} needs.
    /// @param name DAO name: the Governor's name and the token's name.
    /// @param symbol token symbol.
    /// @param holders initial token holders.
    /// @param amounts their balances.
    /// @param votingDelay seconds between a proposal and its snapshot.
    /// @param votingPeriod seconds of voting.
    /// @param proposalThreshold token votes needed to propose.
    /// @param quorumPercent quorum, percent of the token supply.
    /// @param timelockDelay seconds between queueing and execution.
    struct DAOConfig {
        string name;
        string symbol;
        address[] holders;
        uint256[] amounts;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumPercent;
        uint256 timelockDelay;
    }

    /// @notice The contracts of one DAO.
    struct DAO {
        address token;
        address governor;
        address timelock;
        address payable treasury;
    }

    /// @custom:storage-location erc7201:citrate.storage.GovernanceFactory
    struct GovernanceFactoryStorage {
        Implementations implementations;
        DAO[] daos;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.GovernanceFactory")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant GOVERNANCE_FACTORY_STORAGE_LOCATION =
        0xb945e21c71e71a9554966e270111d18cb078e36c00d3a27d0f26baa8cc9fde00;

    /// @notice The implementations were set (once, at initialisation).
    event ImplementationsSet(address token, address governor, address timelock, address treasury);

    /// @notice `creator` made DAO number `index` named `name`.
    event DAOCreated(
        uint256 indexed index,
        address indexed creator,
        string name,
        address token,
        address governor,
        address timelock,
        address treasury
    );

    /// @notice An implementation address must hold code; `implementation` does not.
    error InvalidImplementation(address implementation);

    /// @notice There is no DAO number `index`; `count` DAOs exist.
    error DAOIndexOutOfRange(uint256 index, uint256 count);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the implementations every DAO is cloned from.
    /// @dev Emits {ImplementationsSet}. Reverts with {InvalidImplementation} for an address without code.
    /// @param implementations the DAOToken, DAOGovernor, CitrateTimelock (or any TimelockControllerUpgradeable)
    ///        and Treasury implementations.
    function initialize(Implementations calldata implementations) external initializer {
        address[4] memory all =
            [implementations.token, implementations.governor, implementations.timelock, implementations.treasury];
        for (uint256 i = 0; i < all.length; ++i) {
            if (all[i].code.length == 0) revert InvalidImplementation(all[i]);
        }
        _store().implementations = implementations;
        emit ImplementationsSet(implementations.token, implementations.governor, implementations.timelock, implementations.treasury);
    }

    /// @notice Creates a DAO: token, Governor, timelock and treasury, wired together.
    /// @dev Emits {DAOCreated} (and the clones' own initialisation events). Reverts with the clones'
    ///      errors for bad settings (e.g. `HoldersAmountsMismatch`, `GovernorInvalidVotingPeriod`,
    ///      `GovernorInvalidQuorumFraction`).
    /// @param config see {DAOConfig}.
    /// @return dao the addresses of the new contracts.
    function createDAO(DAOConfig calldata config) external returns (DAO memory dao) {
        GovernanceFactoryStorage storage $ = _store();
        Implementations memory impl = $.implementations;
        dao.token = Clones.clone(impl.token);
        dao.governor = Clones.clone(impl.governor);
        dao.timelock = Clones.clone(impl.timelock);
        dao.treasury = payable(Clones.clone(impl.treasury));

        DAOToken(dao.token).initialize(config.name, config.symbol, config.holders, config.amounts);
        address[] memory governorOnly = new address[](1);
        governorOnly[0] = dao.governor;
        TimelockControllerUpgradeable(payable(dao.timelock)).initialize(config.timelockDelay, governorOnly, governorOnly, address(0));
        DAOGovernor(payable(dao.governor)).initialize(
            config.name,
            IVotes(dao.token),
            TimelockControllerUpgradeable(payable(dao.timelock)),
            config.votingDelay,
            config.votingPeriod,
            config.proposalThreshold,
            config.quorumPercent
        );
        Treasury(dao.treasury).initialize(dao.timelock);

        $.daos.push(dao);
        emit DAOCreated($.daos.length - 1, msg.sender, config.name, dao.token, dao.governor, dao.timelock, dao.treasury);
    }

    /// @notice The implementations every DAO is cloned from.
    function implementations() external view returns (Implementations memory) {
        return _store().implementations;
    }

    /// @notice How many DAOs this factory has made.
    function daoCount() external view returns (uint256) {
        return _store().daos.length;
    }

    /// @notice DAO number `index` (0-based, creation order). Reverts with {DAOIndexOutOfRange}.
    function daoAt(uint256 index) external view returns (DAO memory) {
        GovernanceFactoryStorage storage $ = _store();
        if (index >= $.daos.length) revert DAOIndexOutOfRange(index, $.daos.length);
        return $.daos[index];
    }

    function _store() private pure returns (GovernanceFactoryStorage storage $) {
        assembly {
            $.slot := GOVERNANCE_FACTORY_STORAGE_LOCATION
        }
    }
}
