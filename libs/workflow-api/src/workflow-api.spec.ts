import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_ROLES } from '@sla-desk/roles';
import { ApplicationFailure } from '@temporalio/common';
import {
  ActorRole,
  RejectionCode,
  SEARCH_ATTRIBUTE_REGISTRATIONS,
  ticketLink,
  SIMPLE_CLOCK_PERMISSIONS,
  TICKET_PERMISSIONS,
  TicketSearchAttributes,
  TicketStatus,
  UNIQUE_WORKFLOW_ID_POLICIES,
  analyseUpdate,
  mayTake,
  partyOf,
  rejection,
  rejectionOf,
  ticketStatusQuery,
  ticketWorkflowId,
} from './index';

describe('workflow-api', () => {
  it('names the ticket workflow by its business key and rejects duplicates', () => {
    expect(ticketWorkflowId('42')).toBe('ticket-42');
    expect(UNIQUE_WORKFLOW_ID_POLICIES).toEqual({ workflowIdConflictPolicy: 'FAIL', workflowIdReusePolicy: 'REJECT_DUPLICATE' });
  });

  it('defines updates and queries as plain descriptors', () => {
    expect(analyseUpdate).toEqual({ type: 'update', name: 'analyse' });
    expect(ticketStatusQuery).toEqual({ type: 'query', name: 'status' });
  });

  it('has the nine statuses and the ticket search attributes (plus the legacy Status, still registered)', () => {
    expect(Object.values(TicketStatus)).toHaveLength(9);
    expect(Object.values(TicketSearchAttributes).map((a) => a.name)).toEqual([
      'TicketId',
      'CustomerId',
      'Category',
      'Priority',
      'TicketStatus',
      'SlaState',
      'SlaDueAt',
      'Assignee',
      'TicketLinks',
    ]);
    expect(SEARCH_ATTRIBUTE_REGISTRATIONS.map((a) => `${a.name}=${a.type}/${a.indexedValueType}/${a.cliType}`)).toEqual([
      'TicketId=KEYWORD/2/Keyword',
      'CustomerId=KEYWORD/2/Keyword',
      'Category=KEYWORD/2/Keyword',
      'Priority=KEYWORD/2/Keyword',
      'TicketStatus=KEYWORD/2/Keyword',
      'SlaState=KEYWORD/2/Keyword',
      'SlaDueAt=DATETIME/6/Datetime',
      'Assignee=KEYWORD/2/Keyword',
      'TicketLinks=KEYWORD_LIST/7/KeywordList',
      'Status=KEYWORD/2/Keyword',
    ]);
    // SQL visibility (the dev server's SQLite, PostgreSQL) has room for 10 Keyword attributes per namespace.
    expect(SEARCH_ATTRIBUTE_REGISTRATIONS.filter((a) => a.type === 'KEYWORD').length).toBeLessThanOrEqual(10);
    expect(ticketLink.release('r-1')).toBe('release:r-1');
  });

  it('is the list the local stack and the compose file register', () => {
    const registered = SEARCH_ATTRIBUTE_REGISTRATIONS.map((a) => `${a.name}=${a.cliType}`).sort();
    const deploy = path.join(__dirname, '..', '..', '..', 'deploy');
    for (const file of ['local/components/temporal.sh', 'compose/compose.yaml']) {
      const text = readFileSync(path.join(deploy, file), 'utf8');
      expect([...text.matchAll(/\b([A-Z]\w+)=(Keyword|KeywordList|Datetime)\b/g)].map((m) => m[0]).sort()).toEqual(registered);
    }
  });

  it('knows who may do what and for which side', () => {
    expect(mayTake('ANALYSE', { id: 's', role: ActorRole.SPECIALIST })).toBe(true);
    expect(mayTake('ANALYSE', { id: 'c', role: ActorRole.CUSTOMER_EMPLOYEE })).toBe(false);
    expect(mayTake('ACCEPT', { id: 'c', role: ActorRole.CUSTOMER_ADMIN })).toBe(true);
    expect(TICKET_PERMISSIONS.CANCEL).not.toContain(ActorRole.SPECIALIST);
    expect(partyOf({ id: 'c', role: ActorRole.CUSTOMER_EMPLOYEE })).toBe('CUSTOMER');
    expect(partyOf({ id: 's', role: ActorRole.SUPPORT_MANAGER })).toBe('PROVIDER');
    expect(partyOf({ id: 'a', role: ActorRole.ADMIN })).toBe('PROVIDER'); // ADMIN is provider staff
    expect(partyOf({ id: 'w', role: ActorRole.SYSTEM })).toBeNull();
    expect(Object.values(ActorRole).filter((r) => r !== ActorRole.SYSTEM)).toEqual(ALL_ROLES);
    expect(SIMPLE_CLOCK_PERMISSIONS.SUBMIT_ACCESS_LIST).toContain(ActorRole.ADMIN);
    expect(SIMPLE_CLOCK_PERMISSIONS.COMPLETE_CALLBACK).not.toContain(ActorRole.CUSTOMER_ADMIN);
  });

  it('reads a rejection back from the error chain the client raises', () => {
    const failure = rejection(RejectionCode.FORBIDDEN_ROLE, 'CUSTOMER_EMPLOYEE may not ANALYSE');
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.nonRetryable).toBe(true);
    const clientError = Object.assign(new Error('Workflow Update failed'), { cause: failure });
    expect(rejectionOf(clientError)).toEqual({ code: 'FORBIDDEN_ROLE', message: 'CUSTOMER_EMPLOYEE may not ANALYSE' });
    expect(rejectionOf(new Error('network'))).toBeNull();
    expect(rejectionOf(ApplicationFailure.create({ type: 'SomethingElse', message: 'x' }))).toBeNull();
  });
});
