// Prisma CLI configuration (prisma generate, and the native `prisma migrate deploy` where that engine exists).
// Here migrations are made and applied by @sla-desk/db-migrate; the runtime connects through @prisma/adapter-pg.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.TICKETS_DATABASE_URL ?? '' },
});
