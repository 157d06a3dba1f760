// Build-time supergraph composition: the subgraphs' checked-in SDL files (subgraphs.json) → supergraph.graphql.
// Composition errors fail the build; a checked-in supergraph that differs from a fresh composition fails lint/test.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** services/gateway/ from src/ and from dist/ alike. */
export const GATEWAY_ROOT = resolve(__dirname, '..', '..');
export const REPO_ROOT = resolve(GATEWAY_ROOT, '..', '..');
export const SUBGRAPHS_FILE = join(GATEWAY_ROOT, 'subgraphs.json');
export const SUPERGRAPH_FILE = join(GATEWAY_ROOT, 'supergraph.graphql');

export const SUPERGRAPH_HEADER =
  '# Composed from the subgraphs in services/gateway/subgraphs.json by `npm run -w @sla-desk/gateway supergraph:compose`.\n' +
  '# Do not edit: lint and tests fail while this file differs from a fresh composition.\n';

export interface SubgraphEntry {
  name: string;
  /** SDL file, relative to the repository root. */
  schema: string;
  url: string;
}

export class CompositionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Supergraph composition failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

export function readSubgraphList(file = SUBGRAPHS_FILE): SubgraphEntry[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { subgraphs?: SubgraphEntry[] };
  if (!Array.isArray(parsed.subgraphs) || parsed.subgraphs.length === 0) {
    throw new CompositionError([`${file} lists no subgraphs`]);
  }
  return parsed.subgraphs;
}

/** Composes the given subgraphs (SDL text by name); throws CompositionError listing every problem. */
export function composeSupergraph(subgraphs: ReadonlyArray<{ name: string; url: string; sdl: string }>): string {
  const problems: string[] = [];
  const services = subgraphs.flatMap(({ name, url, sdl }) => {
    try {
      return [{ name, url, typeDefs: parse(sdl) }];
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return [];
    }
  });
  if (problems.length > 0) throw new CompositionError(problems);
  const result = composeServices(services);
  if (result.errors) {
    throw new CompositionError(result.errors.map((e) => `${e.extensions['code'] ?? 'ERROR'}: ${e.message}`));
  }
  return `${SUPERGRAPH_HEADER}\n${result.supergraphSdl.trim()}\n`;
}

/** Composes the subgraphs listed in subgraphs.json from their checked-in SDL files. */
export function composeFromFiles(file = SUBGRAPHS_FILE): string {
  return composeSupergraph(
    readSubgraphList(file).map((entry) => ({
      name: entry.name,
      url: entry.url,
      sdl: readFileSync(join(REPO_ROOT, entry.schema), 'utf8'),
    })),
  );
}
