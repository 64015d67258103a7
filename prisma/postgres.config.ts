// For users who have Prisma's schema engine: `DATABASE_URL=postgres://… npx prisma migrate deploy --config prisma/postgres.config.ts`.
// Podium itself applies these migrations with `podium db migrate` (packages/db migrate()), no engine needed.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "schema.postgres.prisma",
  migrations: { path: "migrations/postgres" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/podium" },
});
