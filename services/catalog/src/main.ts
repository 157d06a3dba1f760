// Catalog service entry point (serve, print-schema, migrate): see @sla-desk/subgraph's runSubgraph.
import { runSubgraph } from '@sla-desk/subgraph';
import { catalogSubgraph } from './subgraph';

runSubgraph(catalogSubgraph);
