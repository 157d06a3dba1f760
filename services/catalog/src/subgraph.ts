// The catalog subgraph as the kit sees it (@sla-desk/subgraph): the service catalog, products and their components,
// releases, production calendars (reference data), news and the technical library.
import { join } from 'node:path';
import { TOPICS } from '@sla-desk/events';
import { defineSubgraph } from '@sla-desk/subgraph';
import { CatalogModule, type CatalogModuleOptions } from './catalog.module';
import { CATALOG_DEFAULT_PORT, loadCatalogConfig, offlineCatalogConfig, type CatalogConfig } from './config';

export { CATALOG_DEFAULT_PORT };

export const catalogSubgraph = defineSubgraph<CatalogConfig, CatalogModuleOptions>({
  name: 'catalog',
  root: join(__dirname, '..'),
  defaultPort: CATALOG_DEFAULT_PORT,
  loadConfig: loadCatalogConfig,
  offlineConfig: offlineCatalogConfig,
  module: (config, options) => CatalogModule.forRoot(config, options),
  // The Kafka topics its outbox publishes to (TOPICS of @sla-desk/events).
  topics: [TOPICS.releases, TOPICS.calendars],
});
