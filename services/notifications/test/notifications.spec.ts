// The notifications subgraph on its own, on a throwaway database (requests signed as the gateway signs them).
import { describeSubgraphContract, useTestSubgraph } from '@sla-desk/subgraph/testing';
import { notificationsSubgraph } from '../src/subgraph';

const subgraph = useTestSubgraph(notificationsSubgraph, { name: 'notifications_subgraph' });

describeSubgraphContract(notificationsSubgraph, subgraph);
