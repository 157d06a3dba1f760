// The tickets subgraph on its own, on a throwaway database (requests signed as the gateway signs them).
import { describeSubgraphContract, startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import { ticketsSubgraph } from '../src/subgraph';

let subgraph: TestSubgraph<ReturnType<typeof ticketsSubgraph.loadConfig>>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(ticketsSubgraph, { name: 'tickets_subgraph' });
});
afterAll(async () => {
  await subgraph?.close();
});

describeSubgraphContract(ticketsSubgraph, () => subgraph);
