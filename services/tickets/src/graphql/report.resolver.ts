// The SLA compliance report as GraphQL (and its CSV as a string field): provider staff for any contract; a
// customer gets the report over its own organization's tickets only (the contract id alone never opens another
// customer's tickets).
import { Args, Field, Float, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, isProviderStaff, type Caller } from '@sla-desk/auth';
import type { Category, Priority } from '@sla-desk/workflow-api';
import { reportCsv, SlaReports, type Durations, type ReportRow } from '../report/sla-report';
import { requireInstant, requireText } from '../tickets/validation';
import { CategoryEnum, ContractReference, PriorityEnum } from './types';

@ObjectType('WorkingDurations', { description: "Working time on the contract's calendar, in minutes." })
class WorkingDurationsType {
  @Field(() => Int, { description: 'Tickets that got there.' }) count!: number;
  @Field(() => Float, { nullable: true }) meanMinutes?: number;
  @Field(() => Float, { nullable: true, description: '90th percentile (nearest rank).' }) p90Minutes?: number;
}

@ObjectType('SlaReportRow', { description: "One category x priority (both null: tickets not classified yet), or the report's total." })
class SlaReportRowType {
  @Field(() => CategoryEnum, { nullable: true }) category?: Category;
  @Field(() => PriorityEnum, { nullable: true }) priority?: Priority;
  @Field(() => Int) tickets!: number;
  @Field(() => Int, { description: 'Provider clocks (analysis, solution, remark fixes).' }) clocks!: number;
  @Field(() => Int, { description: 'Clocks stopped in time.' }) met!: number;
  @Field(() => Int, { description: 'Clocks whose notice instant passed (warning).' }) warned!: number;
  @Field(() => Int, { description: 'Clocks breached.' }) breached!: number;
  @Field(() => WorkingDurationsType, { description: 'Registration to the end of primary analysis.' }) toAnalysis!: Durations;
  @Field(() => WorkingDurationsType, { description: 'Registration to the (last) delivered solution.' }) toSolution!: Durations;
}

@ObjectType('SlaReport')
class SlaReportType {
  @Field(() => ID) contractId!: string;
  @Field(() => ContractReference, { nullable: true }) contract?: ContractReference;
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => Int, { description: 'Tickets registered in [from, to).' }) tickets!: number;
  @Field(() => [SlaReportRowType]) rows!: SlaReportRowType[];
  @Field(() => SlaReportRowType) total!: SlaReportRowType;
  @Field({ description: 'The rows and the total as CSV (RFC 4180, with a header row).' }) csv!: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const asRow = (r: ReportRow): SlaReportRowType => ({
  ...r,
  category: (r.category ?? undefined) as Category | undefined,
  priority: (r.priority ?? undefined) as Priority | undefined,
});

@Resolver()
export class ReportResolver {
  constructor(private readonly reports: SlaReports) {}

  @Query(() => SlaReportType, {
    description: "SLA compliance of a contract's tickets registered in [from, to) (at most 366 days). Customers: their own tickets only.",
  })
  async slaReport(
    @Args('contractId', { type: () => ID }) contractId: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @CurrentUser() caller: Caller,
  ): Promise<SlaReportType> {
    const report = await this.reports.report({
      contractId: requireText(contractId, 'contractId', 100),
      from: new Date(requireInstant(from, 'from')),
      to: new Date(requireInstant(to, 'to')),
      ...(isProviderStaff(caller) ? {} : { customerId: caller.organizationId }),
    });
    return {
      contractId: report.contractId,
      contract: UUID.test(report.contractId) ? { id: report.contractId } : undefined,
      from: report.from,
      to: report.to,
      tickets: report.tickets,
      rows: report.rows.map(asRow),
      total: asRow(report.total),
      csv: reportCsv(report),
    };
  }
}
