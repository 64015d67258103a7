import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const webDir = join(repoRoot, "apps/web");
export const screenshotDir = join(repoRoot, "test-output/screenshots");
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];
const ENV = { NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
/** Debian's chromium, installed by the repo's script when missing (never a browser download). */
export function ensureChromium() {
    if (existsSync(CHROMIUM))
        return CHROMIUM;
    const result = spawnSync("bash", [join(repoRoot, "scripts/install-chromium.sh")], { stdio: "inherit" });
    if (result.status !== 0 || !existsSync(CHROMIUM))
        throw new Error(`${CHROMIUM} is missing and scripts/install-chromium.sh could not install it`);
    return CHROMIUM;
}
function newestSource(dir) {
    let newest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name.endsWith(".tsbuildinfo") || entry.name === "next-env.d.ts")
            continue;
        const path = join(dir, entry.name);
        newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
    }
    return newest;
}
/**
 * The production build of apps/web. `npm test` builds it first (turbo, cached); run on its own, a missing or
 * older-than-the-sources build is rebuilt here once.
 */
export function ensureBuilt() {
    const buildId = join(webDir, ".next/BUILD_ID");
    const fresh = () => existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource(webDir);
    if (fresh())
        return;
    // Test files run in parallel: one builds, the others wait for it (mkdir is atomic).
    const lock = join(webDir, ".next-build.lock");
    const deadline = Date.now() + 600_000;
    for (;;) {
        try {
            mkdirSync(lock);
            break;
        }
        catch {
            if (Date.now() > deadline)
                throw new Error(`${lock} held for 10 minutes: remove it if no build is running`);
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
        }
    }
    try {
        if (fresh())
            return;
        const result = spawnSync(process.execPath, [join(repoRoot, "node_modules/next/dist/bin/next"), "build"], {
            cwd: webDir,
            env: { ...process.env, ...ENV },
            encoding: "utf8",
            timeout: 600_000,
        });
        if (result.status !== 0)
            throw new Error(`next build failed:\n${(result.stdout + result.stderr).slice(-4000)}`);
    }
    finally {
        rmSync(lock, { recursive: true, force: true });
    }
}
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
        });
    });
}
/** `next start` on a free port against the given database; resolves once the home page answers. */
export async function startSite(env) {
    const port = await freePort();
    const child = spawn(process.execPath, [join(repoRoot, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
        cwd: webDir,
        env: { ...process.env, ...ENV, ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (child.exitCode !== null)
            throw new Error(`next start exited with ${child.exitCode}:\n${log}`);
        try {
            const response = await fetch(`${url}/`);
            if (response.ok)
                break;
            if (Date.now() > deadline)
                throw new Error(`home page answered ${response.status}:\n${log}`);
        }
        catch (error) {
            if (Date.now() > deadline)
                throw new Error(`site did not start in 60 s: ${error.message}\n${log}`);
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    const stop = () => new Promise((resolve) => {
        if (child.exitCode !== null)
            return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
    return { url, child, output: () => log, stop };
}
export function screenshotPath(name) {
    mkdirSync(screenshotDir, { recursive: true });
    return join(screenshotDir, `${name}.png`);
}
