// Contracts: creation (validated, overlap-checked per customer), signing (event + onboarding workflow), reads with
// tenant scoping, and entitlement — which signed contract governs a ticket of a customer about a component.
import { Inject, Injectable } from '@nestjs/common';
import { assertTenantAccess, badUserInput, forbidden, isProviderStaff, tenantWhere, type Caller } from '@sla-desk/auth';
import { addWorkingTime, formatInZone } from '@sla-desk/sla';
import { isoDateOf, requireEmailAddress, requireIsoDate, requireText, requireUuid } from '@sla-desk/subgraph';
import type { Contract, Prisma } from '../generated/prisma/client';
import type { ChangeContractTermsInput, CreateContractInput } from '../graphql/types';
import { COMPONENT_DIRECTORY, type ComponentDirectory } from '../catalog/component-directory';
import { CONTRACT_ONBOARDING, type ContractOnboarding } from '../onboarding/contract-onboarding';
import { PrismaService, type Tx } from '../prisma.service';
import { contractSigned, contractTermsChanged } from './contract-events';
import { calendarSettingsOf, policyOverridesOf } from './contract-input';
import { checkPeriod, governingContract, requireCoverableItems } from './contract-rules';
import { productionYearsOf } from '../calendars/production-years';
import { termsOf } from './contract-terms';

export type ContractTerms = ReturnType<typeof termsOf>;

export const MAX_NUMBER_LENGTH = 64;
export const MAX_COMPONENTS = 500;

@Injectable()
export class ContractsService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(CONTRACT_ONBOARDING) private readonly onboarding: ContractOnboarding,
    @Inject(COMPONENT_DIRECTORY) private readonly components: ComponentDirectory,
  ) {}

  async create(input: CreateContractInput): Promise<Contract> {
    const customerId = requireUuid(input.customerId, 'customerId');
    const number = requireText(input.number, 'number', MAX_NUMBER_LENGTH);
    const validFrom = requireIsoDate(input.validFrom, 'validFrom');
    const validTo = requireIsoDate(input.validTo, 'validTo');
    checkPeriod(input.kind, validFrom, validTo);
    const catalogItemCodes = requireCoverableItems(input.kind, input.catalogItemCodes);
    const componentIds = [...new Set(input.componentIds.map((id) => requireUuid(id, 'componentIds')))].sort();
    if (componentIds.length === 0) throw badUserInput('A contract covers at least one component', { field: 'componentIds' });
    if (componentIds.length > MAX_COMPONENTS) throw badUserInput(`At most ${MAX_COMPONENTS} components`, { field: 'componentIds' });
    const contactEmail = requireEmailAddress(input.contactEmail, 'contactEmail');
    const policyOverrides = policyOverridesOf(input.policyOverrides);
    const calendar = calendarSettingsOf(input.calendar);
    const unknown = await this.components.unknown(componentIds);
    if (unknown.length > 0) throw badUserInput(`Unknown component ${unknown.join(', ')}`, { field: 'componentIds' });

    return this.prisma.$transaction(async (tx) => {
      await lockCustomer(tx, customerId);
      if (await tx.contract.findUnique({ where: { customerId_number: { customerId, number } }, select: { id: true } })) {
        throw badUserInput(`The customer already has a contract ${number}`, { field: 'number' });
      }
      const clash = await tx.contract.findFirst({
        where: {
          customerId,
          kind: input.kind,
          componentIds: { hasSome: componentIds },
          validFrom: { lte: validTo },
          validTo: { gte: validFrom },
        },
        select: { number: true },
      });
      if (clash) {
        throw badUserInput(`The period overlaps contract ${clash.number} of the same kind for the same components`, { field: 'validFrom' });
      }
      return tx.contract.create({
        data: {
          customerId,
          number,
          kind: input.kind,
          validFrom,
          validTo,
          catalogItemCodes,
          componentIds,
          contactEmail,
          policyOverrides: policyOverrides as Prisma.InputJsonObject,
          timeZone: calendar.timeZone,
          week: calendar.week as unknown as Prisma.InputJsonArray,
          productionCountry: calendar.productionCountry,
          calendarOverrides: calendar.overrides as unknown as Prisma.InputJsonObject,
        },
      });
    });
  }

  /**
   * Signs a draft: the contract.signed event commits with the status; then the onboarding workflow starts. Signing
   * a signed contract again only makes sure its onboarding runs (a retry after Temporal was unreachable).
   */
  async sign(id: string, caller: Caller): Promise<Contract> {
    const contractId = requireUuid(id, 'id');
    const contract = await this.prisma.$transaction(async (tx) => {
      const current = await tx.contract.findUnique({ where: { id: contractId } });
      if (!current) throw badUserInput('No such contract', { field: 'id' });
      if (current.status === 'SIGNED') return current;
      const signedAt = new Date();
      const updated = await tx.contract.updateMany({
        where: { id: contractId, status: 'DRAFT' },
        data: { status: 'SIGNED', signedAt, signedBy: caller.userId },
      });
      const signed = (await tx.contract.findUniqueOrThrow({ where: { id: contractId } })) as Contract & { signedAt: Date };
      // A concurrent signing won: its transaction wrote the event.
      if (updated.count === 1) {
        const terms = await this.terms(signed, tx);
        await contractSigned(tx, signed, {
          policyVersion: `${terms.policy.id}@${terms.policy.version}`,
          calendarId: terms.calendar.id,
          accessListDueAt: accessListDueAt(signed, terms)!,
        });
      }
      return signed;
    });
    await this.onboarding.start({ contractId: contract.id, customerId: contract.customerId, signedAt: contract.signedAt!.toISOString() });
    return contract;
  }

  /**
   * Replaces the policy overrides and/or the calendar (validated like at creation) and bumps the terms revision. On
   * a signed contract the running onboarding clock is re-planned; running tickets are not yet (README).
   */
  async changeTerms(input: ChangeContractTermsInput): Promise<Contract> {
    const contractId = requireUuid(input.contractId, 'contractId');
    if (input.policyOverrides == null && input.calendar == null) {
      throw badUserInput('Nothing to change: give policyOverrides, calendar or both', { field: 'contractId' });
    }
    const policyOverrides = input.policyOverrides != null ? policyOverridesOf(input.policyOverrides) : undefined;
    const calendar = input.calendar != null ? calendarSettingsOf(input.calendar) : undefined;
    const contract = await this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM contracts WHERE id = ${contractId}::uuid FOR UPDATE`;
      if (locked.length === 0) throw badUserInput('No such contract', { field: 'contractId' });
      const changed = await tx.contract.update({
        where: { id: contractId },
        data: {
          termsRevision: { increment: 1 },
          ...(policyOverrides ? { policyOverrides: policyOverrides as Prisma.InputJsonObject } : {}),
          ...(calendar
            ? {
                timeZone: calendar.timeZone,
                week: calendar.week as unknown as Prisma.InputJsonArray,
                productionCountry: calendar.productionCountry,
                calendarOverrides: calendar.overrides as unknown as Prisma.InputJsonObject,
              }
            : {}),
        },
      });
      if (changed.status === 'SIGNED') {
        const terms = await this.terms(changed, tx);
        await contractTermsChanged(tx, changed, {
          policyChanged: policyOverrides !== undefined,
          calendarChanged: calendar !== undefined,
          policyVersion: `${terms.policy.id}@${terms.policy.version}`,
          calendarId: terms.calendar.id,
        });
      }
      return changed;
    });
    if (contract.status === 'SIGNED') {
      const terms = await this.terms(contract);
      await this.onboarding.termsChanged(contract.id, {
        ...(policyOverrides ? { policy: terms.policy } : {}),
        ...(calendar ? { calendar: terms.calendar } : {}),
      });
    }
    return contract;
  }

  /** The contract's policy and calendar, with the published production years of its country. */
  async terms(contract: Contract, db: Pick<Tx, 'productionYear'> = this.prisma): Promise<ContractTerms> {
    return termsOf(contract, await productionYearsOf(db, contract.productionCountry));
  }

  async get(id: string, caller: Caller): Promise<Contract | null> {
    const contract = await this.prisma.contract.findUnique({ where: { id: requireUuid(id, 'id') } });
    if (contract) assertTenantAccess(caller, contract.customerId, 'this contract');
    return contract;
  }

  /** Provider staff: every customer's (or one customer's); customers: their own. */
  list(caller: Caller, customerId?: string | null): Promise<Contract[]> {
    if (customerId != null && !isProviderStaff(caller) && customerId !== caller.organizationId) {
      throw forbidden('You may not access another organization');
    }
    const where = customerId != null ? { customerId: requireUuid(customerId, 'customerId') } : tenantWhere(caller, 'customerId');
    return this.prisma.contract.findMany({ where, orderBy: [{ validFrom: 'asc' }, { number: 'asc' }] });
  }

  /** Signed contracts of the customer (covering the component) whose period is within a day of `at` in UTC. */
  private signedAround(customerId: string, at: Date, componentId?: string): Promise<Contract[]> {
    // Periods are dates in each contract's zone; a day either side catches every zone (inForceAt decides).
    const day = 86_400_000;
    return this.prisma.contract.findMany({
      where: {
        customerId,
        status: 'SIGNED',
        ...(componentId ? { componentIds: { has: componentId } } : {}),
        validFrom: { lte: new Date(at.getTime() + day) },
        validTo: { gte: new Date(at.getTime() - day) },
      },
    });
  }

  findManyByIds(ids: readonly string[]): Promise<Contract[]> {
    return this.prisma.contract.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Components the customer's signed contracts cover at `at` (in each contract's zone), sorted. */
  async coveredComponents(caller: Caller, customerId: string, at: Date): Promise<string[]> {
    const customer = requireUuid(customerId, 'customerId');
    if (Number.isNaN(at.getTime())) throw badUserInput('at must be an instant', { field: 'at' });
    assertTenantAccess(caller, customer, "this customer's contracts");
    const inForce = (await this.signedAround(customer, at)).filter((c) => inForceAt(c, at));
    return [...new Set(inForce.flatMap((c) => c.componentIds))].sort();
  }

  /**
   * The signed contract that governs a ticket of `customerId` about `componentId` at `at`: of those covering the
   * component on that date (in each contract's zone), a warranty before a subscription before a one-off, then the
   * latest signed. Without a component (a ticket by email, a hotline call): the same rule over every contract in
   * force. BAD_USER_INPUT (field componentId) when none does.
   */
  async entitlement(caller: Caller, customerId: string, componentId: string | undefined, at: Date): Promise<Contract> {
    const customer = requireUuid(customerId, 'customerId');
    const component = componentId === undefined ? undefined : requireUuid(componentId, 'componentId');
    if (Number.isNaN(at.getTime())) throw badUserInput('at must be an instant', { field: 'at' });
    assertTenantAccess(caller, customer, "this customer's contracts");
    const covering = (await this.signedAround(customer, at, component)).filter((c) => inForceAt(c, at));
    const governing = governingContract(covering);
    if (!governing) {
      const what = component ? `covers component ${component}` : 'is in force';
      throw badUserInput(`No signed contract of customer ${customer} ${what} on ${at.toISOString()}`, { field: 'componentId' });
    }
    return governing;
  }
}

/** Whether `at` falls on a day of the contract's period, in the contract's zone. */
function inForceAt(contract: Contract, at: Date): boolean {
  const localDate = formatInZone(at, contract.timeZone).slice(0, 10);
  return isoDateOf(contract.validFrom) <= localDate && localDate <= isoDateOf(contract.validTo);
}

/** Serialises the contract writes of one customer (the overlap check reads what a concurrent write would add). */
async function lockCustomer(tx: Tx, customerId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`contracts:${customerId}`}, 0))`;
}

/** 3 working days (the policy's accessList) after signing, in the contract's calendar. */
export function accessListDueAt(contract: Contract, terms: ContractTerms): Date | null {
  if (!contract.signedAt) return null;
  return addWorkingTime(terms.calendar, contract.signedAt, terms.policy.accessList);
}
