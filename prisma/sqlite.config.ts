// For users who have Prisma's schema engine: `npx prisma migrate deploy --config prisma/sqlite.config.ts`.
// Podium itself applies these migrations with `podium db migrate` (packages/db migrate()), no engine needed.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "schema.sqlite.prisma",
  migrations: { path: "migrations/sqlite" },
  // a default keeps `prisma generate` working when DATABASE_URL is unset (env() would throw)
  datasource: { url: process.env.DATABASE_URL ?? "file:../data/podium.db" },
});
