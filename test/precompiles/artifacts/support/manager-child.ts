// Child process for the crash test: an artifact manager on DIR replicating to REMOTE_URL.
// Usage: DIR REMOTE_URL first|resume. "first" adds the artifact locally and feeds its PinRequested
// log, then works until killed; "resume" only reopens and works. Reports on stdout, one line each.
import path from "node:path";
import { ArtifactManager } from "../../../../precompiles/artifacts/artifact-manager.js";
import { HeliaBackend } from "../../../../precompiles/artifacts/helia-backend.js";
import { artifactBytes, pinRequested } from "./artifact-events.js";

const [dir, remoteUrl, mode] = process.argv.slice(2);
const backend = await HeliaBackend.open(path.join(dir, "ipfs"));
const manager = await ArtifactManager.open({
  dir: path.join(dir, "jobs"),
  backend,
  replicaEndpoints: [remoteUrl],
  onPinned: (cid) => {
    process.stdout.write(`pinned-locally ${cid}\n`);
  },
});
if (mode === "first") {
  const { cid } = await backend.add(artifactBytes(600 * 1024, 1), { pin: false });
  process.stdout.write(`cid ${cid}\n`);
  await manager.onCommittedLogs([pinRequested(cid.toString(), 2)], 1n);
} else {
  process.stdout.write(`resumed ${JSON.stringify(manager.list())}\n`);
}
manager.start();
const timer = setInterval(() => {
  const [job] = manager.list();
  if (job?.state !== "pinned") return;
  clearInterval(timer);
  process.stdout.write(`done ${JSON.stringify(job)}\n`);
  // Exit at once: the HTTP client's keep-alive sockets would hold the process open for seconds.
  void manager.close().then(() => backend.close()).then(() => process.exit(0));
}, 20);
