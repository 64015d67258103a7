// Stands in for the evaluation child when the uploaded "model" file starts with a marker, so tests can
// submit models that crash, hang or eat memory; any other model goes to the real child unchanged.
import { openSync, readSync, closeSync } from "node:fs";

const realChild = process.env.PODIUM_REAL_EVAL_CHILD;
process.once("message", async (request) => {
  const head = Buffer.alloc(8);
  const fd = openSync(request.modelPath, "r");
  readSync(fd, head, 0, 8, 0);
  closeSync(fd);
  const marker = head.toString("latin1");
  if (marker === "#CRASH!!") process.kill(process.pid, "SIGSEGV");
  if (marker === "#HANG!!!") for (;;);
  if (marker === "#MEMORY!") {
    const hoard = [];
    for (;;) {
      hoard.push(Buffer.alloc(32 * 2 ** 20, 1));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  await import(realChild);
  process.emit("message", request);
});
