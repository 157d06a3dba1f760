// Calls the tickets subgraph directly as the sender of an inbound email: each request signed the way the gateway
// signs it (libs/auth signIdentity, GATEWAY_SUBGRAPH_SECRET) for a caller built from the directory, so tickets applies
// its own rules (tenancy, validation) exactly as for the portal. The tickets subgraph stays the only writer of tickets.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { signIdentity, SubgraphCallError, type Caller } from '@sla-desk/auth';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { NotificationsConfig } from '../config';

const REGISTER = `mutation EmailTicket($input: RegisterTicketInput!) { registerTicket(input: $input) { id } }`;
const COMMENT = `mutation EmailComment($input: AddCommentInput!) { addComment(input: $input) { id ticketId } }`;

export interface RegisterFromEmail {
  requestId: string;
  title: string;
  description: string;
  component: string;
}

@Injectable()
export class TicketsClient {
  constructor(@Inject(SUBGRAPH_CONFIG) private readonly config: NotificationsConfig) {}

  async registerTicket(caller: Caller, input: RegisterFromEmail, requestId: string): Promise<string> {
    const data = await this.call<{ registerTicket: { id: string } }>(
      caller,
      REGISTER,
      { input: { ...input, channel: 'EMAIL' } },
      requestId,
    );
    return data.registerTicket.id;
  }

  async addComment(caller: Caller, ticketId: string, body: string, requestId: string): Promise<string> {
    const data = await this.call<{ addComment: { id: string } }>(caller, COMMENT, { input: { ticketId, body } }, requestId);
    return data.addComment.id;
  }

  private async call<T>(caller: Caller, query: string, variables: Record<string, unknown>, requestId: string): Promise<T> {
    const identity = {
      caller,
      requestId: `${requestId}:${randomUUID().slice(0, 8)}`,
      clientAddress: '127.0.0.1',
      userAgent: 'sla-desk-notifications-email',
    };
    const res = await fetch(this.config.inbound.ticketsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signIdentity(identity, this.config.gatewaySecrets[0]!, { request: { query, variables } }),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => null)) as {
      data?: T | null;
      errors?: Array<{ message: string; extensions?: { code?: string; field?: string; reason?: string } }>;
    } | null;
    if (!body) throw new SubgraphCallError(`tickets answered HTTP ${res.status} without GraphQL`, undefined, undefined);
    const error = body.errors?.[0];
    if (error || !body.data) {
      throw new SubgraphCallError(`tickets: ${error?.message ?? 'no data'}`, error?.extensions?.code, error?.extensions?.field);
    }
    return body.data;
  }
}
