// Entry point of a sandbox child: receives one request over IPC, answers once, exits. Any crash, hang or
// out-of-memory here ends only this process; the parent turns it into a SandboxError.
import { latencyPass, memoryPass } from "../bench/passes.js";
import { openModel } from "../open-model.js";
import type { SandboxReply, SandboxRequest } from "./protocol.js";

async function handle(request: SandboxRequest): Promise<unknown> {
  switch (request.task) {
    case "describe":
    case "run": {
      const engine = await openModel(request.path, request.open);
      try {
        if (request.task === "describe") return { description: engine.describe(), info: engine.info };
        return { outputs: await engine.run(request.feeds), info: engine.info };
      } finally {
        await engine.dispose();
      }
    }
    case "latency":
      return latencyPass(request.path, request.pass);
    case "memory":
      return memoryPass(request.path, request.pass);
  }
}

process.once("message", (request: SandboxRequest) => {
  handle(request)
    .then((value): SandboxReply => ({ ok: true, value }))
    .catch((error: unknown): SandboxReply => ({
      ok: false,
      name: error instanceof Error ? error.name : "Error",
      message: (error instanceof Error ? error.message : String(error)).split("\n")[0]!,
    }))
    .then((reply) => process.send!(reply, () => process.exit(0)));
});
