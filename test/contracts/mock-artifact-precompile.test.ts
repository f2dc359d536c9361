import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";
import { deployPrecompileMocks } from "./support/ai-suite.js";
import { devChainHelpers } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

// The ARTIFACT test double must keep the rules of precompiles/artifact/artifact-precompile.ts that the
// AI economy relies on: the exact pin fee, one active request per CID, requester-only replicate/unpin,
// one confirmation per provider and request, and the interface's events.
describe("MockArtifactPrecompile", function () {
  async function deployFixture() {
    const [deployer, requester, provider, other] = await ethers.getSigners();
    const { artifact } = await deployPrecompileMocks(deployer);
    await artifact.setPinFee(5n);
    return { artifact, requester, provider, other };
  }

  it("pin takes exactly pinFee × replicas, keeps it, and emits PinRequested", async function () {
    const { artifact, requester } = await networkHelpers.loadFixture(deployFixture);
    const a = artifact.connect(requester);
    expect(await artifact.pinFee()).to.equal(5n);
    for (const value of [0n, 14n, 16n]) await expect(a.pin("bafy-x", 3, { value })).to.be.revertedWith("ARTIFACT: wrong pin fee");
    await expect(a.pin("bafy-x", 0)).to.be.revertedWith("ARTIFACT: replicas must be at least 1");
    await expect(a.pin("", 1, { value: 5n })).to.be.revertedWith("ARTIFACT: invalid cid");
    const tx = a.pin("bafy-x", 3, { value: 15n });
    await expect(tx).to.emit(artifact, "PinRequested").withArgs(keccak256(toUtf8Bytes("bafy-x")), requester.address, "bafy-x", 3, 15n);
    await expect(tx).to.changeEtherBalances(ethers, [requester, artifact], [-15n, 15n]);
    expect(await artifact.status("bafy-x")).to.deep.equal([1n, 3n, 0n]);
    await expect(a.pin("bafy-x", 1, { value: 5n })).to.be.revertedWith("ARTIFACT: cid already has an active pin request");
  });

  it("replicate and unpin are the requester's; confirm counts each provider once per request", async function () {
    const { artifact, requester, provider, other } = await networkHelpers.loadFixture(deployFixture);
    const cidHash = keccak256(toUtf8Bytes("bafy-y"));
    await expect(artifact.connect(provider).confirm("bafy-y")).to.be.revertedWith("ARTIFACT: no active pin request");
    await artifact.connect(requester).pin("bafy-y", 1, { value: 5n });
    await expect(artifact.connect(other).replicate("bafy-y", provider.address)).to.be.revertedWith(
      "ARTIFACT: only the requester may ask for replicas",
    );
    await expect(artifact.connect(requester).replicate("bafy-y", ethers.ZeroAddress)).to.be.revertedWith("ARTIFACT: provider is the zero address");
    await expect(artifact.connect(requester).replicate("bafy-y", provider.address))
      .to.emit(artifact, "ReplicationRequested")
      .withArgs(cidHash, provider.address, "bafy-y");
    await expect(artifact.connect(provider).confirm("bafy-y")).to.emit(artifact, "PinConfirmed").withArgs(cidHash, provider.address, "bafy-y", 1);
    await expect(artifact.connect(provider).confirm("bafy-y")).to.be.revertedWith("ARTIFACT: already confirmed");
    expect(await artifact.status("bafy-y")).to.deep.equal([2n, 1n, 1n]);
    await expect(artifact.connect(other).unpin("bafy-y")).to.be.revertedWith("ARTIFACT: only the requester may unpin");
    await expect(artifact.connect(requester).unpin("bafy-y")).to.emit(artifact, "Unpinned").withArgs(cidHash, requester.address, "bafy-y");
    expect(await artifact.status("bafy-y")).to.deep.equal([0n, 0n, 0n]);
    // a new request starts afresh: earlier confirmations no longer count
    await artifact.connect(other).pin("bafy-y", 1, { value: 5n });
    await expect(artifact.connect(provider).confirm("bafy-y")).to.emit(artifact, "PinConfirmed").withArgs(cidHash, provider.address, "bafy-y", 1);
  });
});
