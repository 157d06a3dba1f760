// The notifications subgraph on its own, on a throwaway database (requests signed as the gateway signs them).
import { describeSubgraphContract, startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import { notificationsSubgraph } from '../src/subgraph';

let subgraph: TestSubgraph<ReturnType<typeof notificationsSubgraph.loadConfig>>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(notificationsSubgraph, { name: 'notifications_subgraph' });
});
afterAll(async () => {
  await subgraph?.close();
});

describeSubgraphContract(notificationsSubgraph, () => subgraph);
