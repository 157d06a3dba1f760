// The notifications subgraph on its own, on a throwaway database (requests signed as the gateway signs them).
import { describeSubgraphContract, useTestSubgraph } from '@sla-desk/subgraph/testing';
import { notificationsSubgraph } from '../src/subgraph';

// An ephemeral port for the inbound SMTP listener: never the stack's 2525.
const subgraph = useTestSubgraph(notificationsSubgraph, { name: 'notifications_subgraph', env: { NOTIFICATIONS_SMTP_PORT: '0' } });

describeSubgraphContract(notificationsSubgraph, subgraph);
