import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The store (Prisma + better-sqlite3, a native addon) and the zoo (tfjs) run as plain Node modules on the server;
  // bundling them would break the native binding and add seconds to every build.
  serverExternalPackages: [
    "@podium/db",
    "@podium/api",
    "@podium/zoo",
    "@podium/graph",
    "@podium/metrics",
    "@prisma/client",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "better-sqlite3",
    "pg",
    "@tensorflow/tfjs",
  ],
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
