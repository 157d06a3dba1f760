// GraphQL types and inputs of the contracts subgraph (code-first). Contract is a federated entity owned here;
// Organization (identity), ServiceItem and Component (catalog) appear as references only.
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CATEGORIES, PRIORITIES } from '@sla-desk/sla';

export const ContractKind = { WARRANTY: 'WARRANTY', SUBSCRIPTION: 'SUBSCRIPTION', ONE_OFF: 'ONE_OFF' } as const;
export type ContractKind = (typeof ContractKind)[keyof typeof ContractKind];
export const ContractStatus = { DRAFT: 'DRAFT', SIGNED: 'SIGNED' } as const;
export type ContractStatus = (typeof ContractStatus)[keyof typeof ContractStatus];
export const SlaCategory = Object.fromEntries(CATEGORIES.map((c) => [c, c])) as { [K in (typeof CATEGORIES)[number]]: K };
export const SlaPriority = Object.fromEntries(PRIORITIES.map((p) => [p, p])) as { [K in (typeof PRIORITIES)[number]]: K };
export const DeadlineRuleKind = {
  WORKING_TIME: 'WORKING_TIME',
  NEXT_UNPLANNED_RELEASE: 'NEXT_UNPLANNED_RELEASE',
  NEXT_PLANNED_RELEASE: 'NEXT_PLANNED_RELEASE',
  FOLLOWING_PLANNED_RELEASE: 'FOLLOWING_PLANNED_RELEASE',
  AGREED_PLANNED_RELEASE: 'AGREED_PLANNED_RELEASE',
  NONE: 'NONE',
} as const;
export type DeadlineRuleKind = (typeof DeadlineRuleKind)[keyof typeof DeadlineRuleKind];
export const CalendarDayKind = { DAY_OFF: 'DAY_OFF', SHORTENED: 'SHORTENED', WORKING_DAY: 'WORKING_DAY' } as const;
export type CalendarDayKind = (typeof CalendarDayKind)[keyof typeof CalendarDayKind];

registerEnumType(ContractKind, {
  name: 'ContractKind',
  description: 'WARRANTY: catalog item 5, at most 12 months. SUBSCRIPTION: support, usually a calendar year. ONE_OFF: items 1-4, 6.2.x.',
});
registerEnumType(ContractStatus, { name: 'ContractStatus', description: 'DRAFT: editable, governs nothing. SIGNED: in force.' });
registerEnumType(SlaCategory, { name: 'SlaCategory' });
registerEnumType(SlaPriority, { name: 'SlaPriority' });
registerEnumType(DeadlineRuleKind, { name: 'DeadlineRuleKind' });
registerEnumType(CalendarDayKind, { name: 'CalendarDayKind' });

@ObjectType('Organization')
@Directive('@key(fields: "id", resolvable: false)')
export class OrganizationRef {
  @Field(() => ID) id!: string;
}

@ObjectType('ServiceItem')
@Directive('@key(fields: "code", resolvable: false)')
export class ServiceItemRef {
  @Field() code!: string;
}

@ObjectType('Component')
@Directive('@key(fields: "id", resolvable: false)')
export class ComponentRef {
  @Field(() => ID) id!: string;
}

@ObjectType('SlaPolicyVersion', { description: 'The SLA policy a contract runs on (libs/sla SlaPolicy).' })
export class SlaPolicyVersionType {
  @Field({ description: '`default` (the seed) or `contract-<id>`' }) id!: string;
  @Field() version!: string;
  @Field({ description: 'The whole policy as libs/sla JSON.' }) document!: string;
}

@ObjectType('BusinessCalendarVersion', { description: 'The business calendar a contract counts working time in.' })
export class BusinessCalendarVersionType {
  @Field() id!: string;
  @Field({ description: 'Content hash: changes with any change of the calendar.' }) version!: string;
  @Field() timeZone!: string;
  @Field() productionCountry!: string;
  @Field(() => [Int]) coveredYears!: number[];
  @Field({ description: 'The whole calendar as libs/sla JSON.' }) document!: string;
}

@ObjectType('Contract', { description: 'What a customer bought, for which period, on which SLA terms.' })
@Directive('@key(fields: "id")')
export class ContractType {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => OrganizationRef) customer!: OrganizationRef;
  @Field() number!: string;
  @Field(() => ContractKind) kind!: ContractKind;
  @Field(() => ContractStatus) status!: ContractStatus;
  @Field({ description: 'First day (YYYY-MM-DD, in the calendar zone).' }) validFrom!: string;
  @Field({ description: 'Last day, inclusive.' }) validTo!: string;
  @Field(() => [String]) catalogItemCodes!: string[];
  @Field(() => [ServiceItemRef]) catalogItems!: ServiceItemRef[];
  @Field(() => [ID]) componentIds!: string[];
  @Field(() => [ComponentRef]) components!: ComponentRef[];
  @Field({ description: 'Where mail from unregistered senders is forwarded.' }) contactEmail!: string;
  @Field(() => Int, { description: 'Increments with every change of the policy or calendar.' }) termsRevision!: number;
  @Field(() => SlaPolicyVersionType) policy!: SlaPolicyVersionType;
  @Field(() => BusinessCalendarVersionType) calendar!: BusinessCalendarVersionType;
  @Field({ nullable: true }) signedAt?: Date;
  @Field({ nullable: true, description: "The customer's access list is due (3 working days after signing)." })
  accessListDueAt?: Date;
  @Field() createdAt!: Date;
}

@ObjectType('Entitlement', { description: 'The contract, policy and calendar that govern a ticket.' })
export class EntitlementType {
  @Field(() => ContractType) contract!: ContractType;
  @Field() at!: Date;
}

@InputType()
export class WorkingAmountInput {
  @Field(() => Int, { nullable: true }) days?: number;
  @Field(() => Int, { nullable: true }) hours?: number;
  @Field(() => Int, { nullable: true }) minutes?: number;
}

@InputType()
export class DeadlineRuleInput {
  @Field(() => DeadlineRuleKind) kind!: DeadlineRuleKind;
  @Field(() => WorkingAmountInput, { nullable: true, description: 'WORKING_TIME only.' }) amount?: WorkingAmountInput;
}

@InputType({ description: 'Changes to one cell of the seed SLA matrix; fields left out keep the seed value.' })
export class PolicyCellOverrideInput {
  @Field(() => SlaCategory) category!: (typeof CATEGORIES)[number];
  @Field(() => SlaPriority) priority!: (typeof PRIORITIES)[number];
  @Field(() => DeadlineRuleInput, { nullable: true }) solution?: DeadlineRuleInput;
  @Field(() => DeadlineRuleInput, { nullable: true }) acceptance?: DeadlineRuleInput;
  @Field(() => DeadlineRuleInput, { nullable: true }) remarkFix?: DeadlineRuleInput;
  @Field(() => WorkingAmountInput, { nullable: true }) notice?: WorkingAmountInput;
  @Field({ nullable: true, description: 'true: no notice for this cell ("—").' }) noNotice?: boolean;
}

@InputType()
export class WorkingIntervalInput {
  @Field({ description: 'HH:MM' }) start!: string;
  @Field({ description: 'HH:MM (24:00 allowed)' }) end!: string;
}

@InputType()
export class WorkingDayHoursInput {
  @Field(() => [WorkingIntervalInput], { description: 'Empty: a day off.' }) intervals!: WorkingIntervalInput[];
}

@InputType()
export class CalendarDayOverrideInput {
  @Field({ description: 'YYYY-MM-DD' }) date!: string;
  @Field(() => CalendarDayKind) kind!: CalendarDayKind;
  @Field(() => Int, { nullable: true, description: 'SHORTENED (default 60), or a shortened WORKING_DAY.' })
  shortenedByMinutes?: number;
  @Field({ nullable: true }) title?: string;
}

@InputType()
export class ContractCalendarInput {
  @Field({ nullable: true, description: 'IANA zone, default Europe/Moscow.' }) timeZone?: string;
  @Field(() => [WorkingDayHoursInput], {
    nullable: true,
    description: '7 days from Monday; default Mon-Fri 09:00-13:00, 14:00-18:00.',
  })
  week?: WorkingDayHoursInput[];
  @Field({ nullable: true, description: 'Production calendar country, default RU.' }) productionCountry?: string;
  @Field(() => [CalendarDayOverrideInput], { nullable: true, description: 'Contract dates that win over the production calendar.' })
  overrides?: CalendarDayOverrideInput[];
}

@InputType()
export class CreateContractInput {
  @Field(() => ID) customerId!: string;
  @Field() number!: string;
  @Field(() => ContractKind) kind!: ContractKind;
  @Field({ description: 'YYYY-MM-DD' }) validFrom!: string;
  @Field({ description: 'YYYY-MM-DD, inclusive' }) validTo!: string;
  @Field(() => [String], { description: 'Service catalog item codes, e.g. "5", "6.3".' }) catalogItemCodes!: string[];
  @Field(() => [ID]) componentIds!: string[];
  @Field() contactEmail!: string;
  @Field(() => [PolicyCellOverrideInput], { nullable: true, description: 'Default: the seed SLA matrix.' })
  policyOverrides?: PolicyCellOverrideInput[];
  @Field(() => ContractCalendarInput, { nullable: true }) calendar?: ContractCalendarInput;
}

@InputType({ description: 'New SLA terms of a contract: the policy overrides, the calendar, or both (each replaces what was there).' })
export class ChangeContractTermsInput {
  @Field(() => ID) contractId!: string;
  @Field(() => [PolicyCellOverrideInput], { nullable: true, description: '[] = the seed matrix.' })
  policyOverrides?: PolicyCellOverrideInput[];
  @Field(() => ContractCalendarInput, { nullable: true }) calendar?: ContractCalendarInput;
}
