// The catalog service's configuration: the kit's subgraph variables plus the technical library's storage and the
// contracts subgraph it asks which products a customer's contracts cover.
import { ConfigError, env } from '@sla-desk/runtime';
import { loadSubgraphConfig, offlineSubgraphConfig, type SubgraphConfig } from '@sla-desk/subgraph';

/** Its port unless CATALOG_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const CATALOG_DEFAULT_PORT = 4002;

/**
 * Uploads travel base64-encoded inside GraphQL through the gateway, whose request body limit is 64 kB: 40 kB of
 * content is what fits with room for the rest of the request.
 */
export const LIBRARY_MAX_BYTES_LIMIT = 40 * 1024;

export interface CatalogConfig extends SubgraphConfig {
  library: { storage: 'postgres' | 'disk'; dir: string | undefined; maxBytes: number };
  /** The contracts subgraph's GraphQL endpoint (requests signed with the gateway secret). */
  contractsUrl: string;
}

export function loadCatalogConfig(source: Record<string, string | undefined>): CatalogConfig {
  const config = loadSubgraphConfig('catalog', CATALOG_DEFAULT_PORT, source, {
    spec: {
      CATALOG_LIBRARY_STORAGE: env.oneOf(['postgres', 'disk'] as const, { default: 'postgres' }),
      CATALOG_LIBRARY_DIR: env.optionalString(),
      CATALOG_LIBRARY_MAX_BYTES: env.int({ default: LIBRARY_MAX_BYTES_LIMIT, min: 1, max: LIBRARY_MAX_BYTES_LIMIT }),
      CATALOG_CONTRACTS_URL: env.url({ default: 'http://127.0.0.1:4003/graphql', protocols: ['http', 'https'] }),
    },
    build: (raw) => ({
      library: {
        storage: raw.CATALOG_LIBRARY_STORAGE as CatalogConfig['library']['storage'],
        dir: raw.CATALOG_LIBRARY_DIR,
        maxBytes: raw.CATALOG_LIBRARY_MAX_BYTES,
      },
      contractsUrl: raw.CATALOG_CONTRACTS_URL,
    }),
  });
  if (config.library.storage === 'disk' && !config.library.dir) {
    throw new ConfigError(['CATALOG_LIBRARY_DIR is required when CATALOG_LIBRARY_STORAGE=disk']);
  }
  return config;
}

export function offlineCatalogConfig(): CatalogConfig {
  return {
    ...offlineSubgraphConfig('catalog'),
    library: { storage: 'postgres', dir: undefined, maxBytes: LIBRARY_MAX_BYTES_LIMIT },
    contractsUrl: 'http://127.0.0.1:1/graphql',
  };
}
