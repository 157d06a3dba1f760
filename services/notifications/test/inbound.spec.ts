// The inbound SMTP channel with a real SMTP client over loopback: forwards of unregistered senders, and every kind of
// bad input ending in one recorded rejection — never a ticket, never a reply (no loops), never a crash.
import { randomUUID } from 'node:crypto';
import { LOOP_HEADER } from '../src/mail/mailer';
import { eventually, registerUser, sendInbound, startHarness, ts, type Harness, type Person } from './harness';

const CUSTOMER = { id: randomUUID(), kind: 'CUSTOMER' as const };
const run = Date.now().toString(36);
const DOMAIN = `acme-${run}.test`;
const CONTACT = `contact@${DOMAIN}`;

let h: Harness;
let employee: Person;

beforeAll(async () => {
  h = await startHarness('notif_inbound');
  employee = await registerUser(h, CUSTOMER, `employee@${DOMAIN}`, ['CUSTOMER_EMPLOYEE']);
  await h.publish({
    type: 'contract.signed',
    tenantId: CUSTOMER.id,
    payload: { contractId: randomUUID(), customerId: CUSTOMER.id, number: 'C-1', contactEmail: CONTACT, signedAt: ts(new Date()) },
  });
  await eventually(() => h.prisma.customerContact.findUnique({ where: { organizationId: CUSTOMER.id } }), 'the customer contact');
  await eventually(() => h.prisma.directoryUser.findUnique({ where: { id: employee.id } }), 'the directory');
}, 60_000);

afterAll(() => h?.close());

const outcomeOf = (messageId: string) =>
  eventually(() => h.prisma.inboundEmail.findFirst({ where: { messageId, outcome: { not: 'RECEIVED' } } }), messageId);

it("forwards an unregistered sender's mail to the customer's contact address, with attachments, and creates nothing", async () => {
  const messageId = `<${randomUUID()}@stranger.test>`;
  const pdf = Buffer.from('%PDF-1.4 fake but binary \u0000\u0001', 'latin1');
  await sendInbound(h.inboundPort, {
    from: `stranger@${DOMAIN}`,
    subject: 'Our printer',
    text: 'It does not print.',
    messageId,
    attachments: [{ filename: 'log.pdf', content: pdf }],
  });
  const row = await outcomeOf(messageId);
  expect(row).toMatchObject({
    outcome: 'FORWARDED',
    forwardedTo: CONTACT,
    reason: 'UNREGISTERED_SENDER',
    ticketId: null,
    senderUserId: null,
  });
  const [mail] = await h.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(CONTACT)));
  const forwarded = h.sink.messages(CONTACT);
  expect(forwarded).toHaveLength(1);
  expect(forwarded[0]!.subject).toBe('Fwd: Our printer');
  expect(forwarded[0]!.text).toContain(`stranger@${DOMAIN}`);
  expect(forwarded[0]!.attachments).toEqual([{ filename: 'log.pdf', size: pdf.length }]);
  expect(mail).toBeDefined();
  const [attachment] = await h.prisma.inboundAttachment.findMany({ where: { emailId: row.id } });
  expect(attachment).toMatchObject({ filename: 'log.pdf', sizeBytes: pdf.length });
  expect(attachment!.sha256).toMatch(/^[0-9a-f]{64}$/);
  // The same message again (an SMTP retry): the same outcome, no second forward.
  await sendInbound(h.inboundPort, { from: `stranger@${DOMAIN}`, subject: 'Our printer', text: 'It does not print.', messageId });
  await new Promise((r) => setTimeout(r, 800));
  expect(await h.prisma.inboundEmail.count({ where: { messageId } })).toBe(1);
  expect(h.sink.messages(CONTACT)).toHaveLength(1);
});

it('forwards mail from a domain of no customer to the provider mailbox', async () => {
  const messageId = `<${randomUUID()}@nowhere.test>`;
  await sendInbound(h.inboundPort, { from: 'someone@nowhere.test', messageId });
  expect(await outcomeOf(messageId)).toMatchObject({ outcome: 'FORWARDED', forwardedTo: 'desk@provider.test', reason: 'UNKNOWN_DOMAIN' });
  await h.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes('desk@provider.test')));
});

describe('bad input ends in one recorded rejection and no mail back', () => {
  const before = () => h.sink.messages().length;

  it.each([
    ['an auto-reply', { 'Auto-Submitted': 'auto-replied' }, 'AUTO_SUBMITTED'],
    ['a list / bulk message', { Precedence: 'bulk' }, 'PRECEDENCE_BULK'],
    ['our own mail coming back', { [LOOP_HEADER]: 'notifications' }, 'OWN_MAIL'],
  ])('%s', async (_what, headers, reason) => {
    const sent = before();
    const messageId = `<${randomUUID()}@loop.test>`;
    await sendInbound(h.inboundPort, { from: employee.email, headers, messageId });
    expect(await outcomeOf(messageId)).toMatchObject({ outcome: 'REJECTED', reason, ticketId: null });
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.messages().length).toBe(sent);
  });

  it('a bounce (empty envelope sender)', async () => {
    const messageId = `<${randomUUID()}@bounce.test>`;
    await sendInbound(h.inboundPort, { from: 'mailer-daemon@acme.test', envelopeFrom: false, messageId });
    expect(await outcomeOf(messageId)).toMatchObject({ outcome: 'REJECTED', reason: 'BOUNCE' });
  });

  it('a registered address in From that the envelope does not carry (spoofed header)', async () => {
    const messageId = `<${randomUUID()}@spoof.test>`;
    // The envelope is the stranger's; the visible From claims the employee: the envelope is what counts → forwarded.
    await sendInbound(h.inboundPort, { from: employee.email, envelopeFrom: `stranger2@${DOMAIN}`, messageId });
    expect(await outcomeOf(messageId)).toMatchObject({ outcome: 'FORWARDED', senderUserId: null, headerFrom: employee.email });
    // The employee's envelope with someone else's From: refused, nothing created in their name.
    const second = `<${randomUUID()}@spoof.test>`;
    await sendInbound(h.inboundPort, { from: 'ceo@elsewhere.test', envelopeFrom: employee.email, messageId: second });
    expect(await outcomeOf(second)).toMatchObject({ outcome: 'REJECTED', reason: 'FROM_MISMATCH', ticketId: null });
  });

  it('malformed MIME', async () => {
    const sent = before();
    await sendInbound(h.inboundPort, {
      from: `x@${DOMAIN}`,
      raw: Buffer.from('\u0000\u0001garbage without any header\r\n\r\n\u00ff\u00fe'),
    });
    const row = await eventually(() => h.prisma.inboundEmail.findFirst({ where: { reason: 'MALFORMED' } }), 'the malformed message');
    expect(row.outcome).toBe('REJECTED');
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.messages().length).toBe(sent);
  });

  it('a message over the size limit is refused during DATA (552) and recorded', async () => {
    const huge = Buffer.alloc(300 * 1024, 'a');
    await expect(
      sendInbound(h.inboundPort, { from: `x@${DOMAIN}`, attachments: [{ filename: 'huge.bin', content: huge }] }),
    ).rejects.toThrow(/552|size/i);
    const row = await eventually(() => h.prisma.inboundEmail.findFirst({ where: { reason: 'TOO_LARGE' } }), 'the too-large record');
    expect(row).toMatchObject({ outcome: 'REJECTED', envelopeFrom: `x@${DOMAIN}` });
    expect(row.sizeBytes).toBeGreaterThan(256 * 1024);
  });

  it('an attachment over the attachment limit', async () => {
    const messageId = `<${randomUUID()}@big.test>`;
    await sendInbound(h.inboundPort, {
      from: `x@${DOMAIN}`,
      messageId,
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(100 * 1024, 'b') }],
    });
    expect(await outcomeOf(messageId)).toMatchObject({ outcome: 'REJECTED', reason: 'ATTACHMENT_TOO_LARGE' });
    expect(await h.prisma.inboundAttachment.count({ where: { email: { messageId } } })).toBe(0);
  });
});

it('provider staff see inbound outcomes; customers do not', async () => {
  const staff = {
    userId: randomUUID(),
    organizationId: randomUUID(),
    organizationKind: 'PROVIDER' as const,
    roles: ['SUPPORT_MANAGER' as const],
    sessionId: 's',
  };
  const res = await h.subgraph.gql<{ inboundEmails: Array<{ outcome: string; reason: string | null }> }>(
    `{ inboundEmails(first: 50) { outcome reason envelopeFrom attachments { filename sha256 } } }`,
    {},
    staff,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.inboundEmails.map((e) => e.outcome)).toEqual(expect.arrayContaining(['FORWARDED', 'REJECTED']));
  const denied = await h.subgraph.gql(`{ inboundEmails { outcome } }`, {}, employee.caller);
  expect(denied.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
});
