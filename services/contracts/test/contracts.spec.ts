// The contracts subgraph on its own, on a throwaway database (requests signed as the gateway signs them).
import { describeSubgraphContract, startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import { contractsSubgraph } from '../src/subgraph';

let subgraph: TestSubgraph<ReturnType<typeof contractsSubgraph.loadConfig>>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(contractsSubgraph, { name: 'contracts_subgraph' });
});
afterAll(async () => {
  await subgraph?.close();
});

describeSubgraphContract(contractsSubgraph, () => subgraph);
