// The catalog subgraph on its own, on a throwaway database (requests signed as the gateway signs them).
import { describeSubgraphContract, startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import { catalogSubgraph } from '../src/subgraph';

let subgraph: TestSubgraph<ReturnType<typeof catalogSubgraph.loadConfig>>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(catalogSubgraph, { name: 'catalog_subgraph' });
});
afterAll(async () => {
  await subgraph?.close();
});

describeSubgraphContract(catalogSubgraph, () => subgraph);
