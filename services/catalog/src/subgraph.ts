// The catalog subgraph as the kit sees it (@sla-desk/subgraph): the service catalog, products and their components,
// releases (production calendars, news and the technical library are to come: see README).
import { join } from 'node:path';
import { TOPICS } from '@sla-desk/events';
import { defineSubgraph, loadSubgraphConfig, offlineSubgraphConfig } from '@sla-desk/subgraph';
import { CatalogModule } from './catalog.module';

/** Its port unless CATALOG_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const CATALOG_DEFAULT_PORT = 4002;

export const catalogSubgraph = defineSubgraph({
  name: 'catalog',
  root: join(__dirname, '..'),
  defaultPort: CATALOG_DEFAULT_PORT,
  loadConfig: (source) => loadSubgraphConfig('catalog', CATALOG_DEFAULT_PORT, source),
  offlineConfig: () => offlineSubgraphConfig('catalog'),
  module: () => CatalogModule.forRoot(),
  // The Kafka topics its outbox publishes to (TOPICS of @sla-desk/events).
  topics: [TOPICS.releases, TOPICS.calendars],
});
