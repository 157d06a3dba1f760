// Nothing half-done when a workflow cannot be started: a tickets subgraph whose Temporal address refuses connections
// (a real connection attempt, no stand-in) registers no ticket, keeps none of its attachments, and logs no call.
import { startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import type { TicketsConfig } from '../src/config';
import { PrismaService } from '../src/prisma.service';
import { ticketsSubgraph } from '../src/subgraph';
import { CUSTOMER_A, customerOf, specialist } from './support';

// The Temporal client retries a refused connection for about 20 s before the start fails.
jest.setTimeout(90_000);

let subgraph: TestSubgraph<TicketsConfig>;
beforeAll(async () => {
  // Port 9 (discard) on the loopback: nothing listens, the connection is refused at once.
  subgraph = await startTestSubgraph(ticketsSubgraph, { name: 'tickets_failed_start', env: { TEMPORAL_ADDRESS: '127.0.0.1:9' } });
});
afterAll(async () => {
  await subgraph?.close();
});

const prisma = (): PrismaService => subgraph.app.get(PrismaService);

it('a registration with files whose workflow does not start leaves no ticket, attachment or bytes', async () => {
  const res = await subgraph.gql(
    'mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { id } }',
    {
      input: {
        requestId: 'no-start-1',
        title: 'Never started',
        description: 'd',
        component: 'Portal',
        attachments: [{ fileName: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('abc').toString('base64') }],
      },
    },
    customerOf(CUSTOMER_A),
  );
  expect(res.data).toBeNull();
  expect(res.errors).toHaveLength(1);
  expect([await prisma().ticket.count(), await prisma().attachment.count(), await prisma().attachmentBlob.count()]).toEqual([0, 0, 0]);
});

it('an unresolved call whose callback workflow does not start is not kept, nor announced', async () => {
  const calledAt = new Date(Date.now() - 60_000);
  const res = await subgraph.gql(
    'mutation($input: LogHotlineCallInput!) { logHotlineCall(input: $input) { id } }',
    {
      input: {
        requestId: 'no-start-call',
        customerId: CUSTOMER_A,
        callerName: 'Nobody',
        callerPhone: '+7 900 000-00-00',
        question: 'q',
        resolved: false,
        calledAt: calledAt.toISOString(),
        callbackBy: new Date(calledAt.getTime() + 3600_000).toISOString(),
      },
    },
    specialist(),
  );
  expect(res.data).toBeNull();
  expect(await prisma().hotlineCall.count()).toBe(0);
  expect(await prisma().outboxEvent.count()).toBe(0);
});
