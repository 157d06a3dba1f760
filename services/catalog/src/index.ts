// @sla-desk/catalog: the catalog subgraph (for main.ts and end-to-end tests that start it in-process).
export { CatalogModule } from './catalog.module';
export { catalogSubgraph } from './subgraph';
