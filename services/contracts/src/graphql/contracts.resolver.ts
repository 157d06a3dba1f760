// Contracts: queries (tenant-scoped), the federated Contract entity, creation and signing (provider staff), and
// entitlement — the contract, policy and calendar that govern a ticket.
import { Args, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { assertTenantAccess, CurrentUser, Role, Roles, type Caller, type SubgraphContext } from '@sla-desk/auth';
import { callerOf, isoDateOf } from '@sla-desk/subgraph';
import { accessListDueAt, ContractsService } from '../contracts/contracts.service';
import type { Contract } from '../generated/prisma/client';
import {
  BusinessCalendarVersionType,
  ChangeContractTermsInput,
  ComponentRef,
  ContractType,
  CreateContractInput,
  EntitlementType,
  OrganizationRef,
  ServiceItemRef,
  SlaPolicyVersionType,
} from './types';

const STAFF = [Role.ADMIN, Role.SUPPORT_MANAGER] as const;

@Resolver(() => ContractType)
export class ContractsResolver {
  constructor(private readonly service: ContractsService) {}

  @Query(() => ContractType, { nullable: true, description: "Customers: their own contracts only (another's: FORBIDDEN)." })
  contract(@Args('id', { type: () => ID }) id: string, @CurrentUser() caller: Caller): Promise<Contract | null> {
    return this.service.get(id, caller);
  }

  @Query(() => [ContractType], { description: "Provider staff: every customer's (or customerId's); customers: their own." })
  contracts(
    @CurrentUser() caller: Caller,
    @Args('customerId', { type: () => ID, nullable: true }) customerId?: string,
  ): Promise<Contract[]> {
    return this.service.list(caller, customerId);
  }

  @Query(() => EntitlementType, {
    description:
      'The signed contract governing a ticket of the customer about the component at the instant (default now); ' +
      "without a component (email, hotline): the customer's contract in force by the same precedence; " +
      'BAD_USER_INPUT (field componentId) when none covers it.',
  })
  async entitlement(
    @CurrentUser() caller: Caller,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('componentId', { type: () => ID, nullable: true }) componentId: string | undefined,
    @Args('at', { nullable: true }) at?: Date,
  ): Promise<{ contract: Contract; at: Date }> {
    const instant = at ?? new Date();
    return { contract: await this.service.entitlement(caller, customerId, componentId ?? undefined, instant), at: instant };
  }

  @Query(() => [ID], { description: "The components the customer's signed contracts cover at the instant (default now)." })
  coveredComponents(
    @CurrentUser() caller: Caller,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('at', { nullable: true }) at?: Date,
  ): Promise<string[]> {
    return this.service.coveredComponents(caller, customerId, at ?? new Date());
  }

  @Roles(...STAFF)
  @Mutation(() => ContractType, { description: 'A draft contract (provider ADMIN, SUPPORT_MANAGER).' })
  createContract(@Args('input') input: CreateContractInput): Promise<Contract> {
    return this.service.create(input);
  }

  @Roles(...STAFF)
  @Mutation(() => ContractType, {
    description: 'Puts a draft in force: publishes contract.signed and starts onboarding (access list due in 3 working days).',
  })
  signContract(@Args('id', { type: () => ID }) id: string, @CurrentUser() caller: Caller): Promise<Contract> {
    return this.service.sign(id, caller);
  }

  @Roles(...STAFF)
  @Mutation(() => ContractType, {
    description: "Replaces a contract's policy overrides and/or calendar; a signed contract's onboarding clock is re-planned.",
  })
  changeContractTerms(@Args('input') input: ChangeContractTermsInput): Promise<Contract> {
    return this.service.changeTerms(input);
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: SubgraphContext): Promise<Contract | null> {
    const caller = callerOf(ctx);
    const [contract] = typeof reference.id === 'string' ? await this.service.findManyByIds([reference.id]) : [];
    if (!contract) return null;
    assertTenantAccess(caller, contract.customerId, 'this contract');
    return contract;
  }

  @ResolveField('validFrom', () => String)
  validFrom(@Parent() contract: Contract): string {
    return isoDateOf(contract.validFrom);
  }

  @ResolveField('validTo', () => String)
  validTo(@Parent() contract: Contract): string {
    return isoDateOf(contract.validTo);
  }

  @ResolveField('customer', () => OrganizationRef)
  customer(@Parent() contract: Contract): OrganizationRef {
    return { id: contract.customerId };
  }

  @ResolveField('catalogItems', () => [ServiceItemRef])
  catalogItems(@Parent() contract: Contract): ServiceItemRef[] {
    return contract.catalogItemCodes.map((code) => ({ code }));
  }

  @ResolveField('components', () => [ComponentRef])
  components(@Parent() contract: Contract): ComponentRef[] {
    return contract.componentIds.map((id) => ({ id }));
  }

  @ResolveField('policy', () => SlaPolicyVersionType)
  async policy(@Parent() contract: Contract): Promise<SlaPolicyVersionType> {
    const { policy } = await this.service.terms(contract);
    return { id: policy.id, version: policy.version, document: JSON.stringify(policy) };
  }

  @ResolveField('calendar', () => BusinessCalendarVersionType)
  async calendar(@Parent() contract: Contract): Promise<BusinessCalendarVersionType> {
    const { calendar } = await this.service.terms(contract);
    return {
      id: calendar.id,
      version: calendar.version,
      timeZone: calendar.timeZone,
      productionCountry: contract.productionCountry,
      coveredYears: calendar.coveredYears,
      document: JSON.stringify(calendar),
    };
  }

  @ResolveField('accessListDueAt', () => Date, { nullable: true })
  async accessListDueAt(@Parent() contract: Contract): Promise<Date | null> {
    return contract.signedAt ? accessListDueAt(contract, await this.service.terms(contract)) : null;
  }
}
