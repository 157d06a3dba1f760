#!/usr/bin/env node
// Committed entry point: npm links bins at install time, before dist/ exists, so the link must point at a file that
// is always there. It runs the built command (build @sla-desk/db-migrate first; Nx does it through ^build).
try {
  require.resolve('../dist/prisma-generate.js');
} catch {
  process.stderr.write('sla-prisma-generate: @sla-desk/db-migrate is not built; run `npx nx build @sla-desk/db-migrate`\n');
  process.exit(1);
}
require('../dist/prisma-generate.js');
