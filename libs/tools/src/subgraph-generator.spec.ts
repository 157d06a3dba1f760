import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '@sla-desk/testing';
import { nameProblem, nextPort, registered, renderSubgraph, type SubgraphRegistry } from './subgraph-generator';

const registry: SubgraphRegistry = {
  subgraphs: [
    { name: 'identity', schema: 'services/identity/schema.graphql', url: 'http://127.0.0.1:4001/graphql' },
    { name: 'catalog', schema: 'services/catalog/schema.graphql', url: 'http://127.0.0.1:4002/graphql' },
  ],
};

describe('the subgraph generator', () => {
  it('refuses names that are not one lower-case word, reserved, or taken', () => {
    const root = findRepoRoot();
    expect(nameProblem('Billing', registry, root)).toMatch(/one lower-case word/);
    expect(nameProblem('bill-ing', registry, root)).toMatch(/one lower-case word/);
    expect(nameProblem('gateway', registry, root)).toMatch(/reserved/);
    expect(nameProblem('catalog', registry, root)).toMatch(/already in services\/gateway\/subgraphs.json/);
    expect(nameProblem('worker', { subgraphs: [] }, root)).toMatch(/reserved/);
    expect(nameProblem('billing', registry, root)).toBeUndefined();
  });

  it('takes the next port and appends the registry entry', () => {
    expect(nextPort(registry)).toBe(4003);
    const spec = { name: 'billing', description: 'Invoices', port: 4003 };
    expect(registered(registry, spec).subgraphs.at(-1)).toEqual({
      name: 'billing',
      schema: 'services/billing/schema.graphql',
      url: 'http://127.0.0.1:4003/graphql',
    });
  });

  it('renders a complete package with every placeholder filled', () => {
    const target = join(mkdtempSync(join(tmpdir(), 'subgraph-')), 'billing');
    const files = renderSubgraph({ name: 'billing', description: 'Invoices and payments', port: 4009 }, target);
    expect(files).toEqual([
      'README.md',
      'jest.config.js',
      'package.json',
      'prisma.config.ts',
      'prisma/migrations/migration_lock.toml',
      'prisma/schema.prisma',
      'src/billing.module.ts',
      'src/index.ts',
      'src/main.ts',
      'src/prisma.service.ts',
      'src/subgraph.ts',
      'test/billing.spec.ts',
      'tsconfig.build.json',
      'tsconfig.json',
    ]);
    const all = files.map((f) => readFileSync(join(target, f), 'utf8')).join('\n');
    expect(all).not.toMatch(/__\w+__/);
    const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: '@sla-desk/billing',
      description: 'Invoices and payments',
      nx: { tags: ['type:service', 'scope:billing'] },
    });
    expect(pkg.scripts['migrate:deploy']).toContain('--url-env BILLING_DATABASE_URL');
    expect(readFileSync(join(target, 'src/subgraph.ts'), 'utf8')).toContain('defaultPort: 4009,');
    expect(readFileSync(join(target, 'src/billing.module.ts'), 'utf8')).toContain("subgraphStatusResolver('billing')");
    expect(() => renderSubgraph({ name: 'billing', description: 'x', port: 4009 }, target)).toThrow(/already exists/);
  });
});
