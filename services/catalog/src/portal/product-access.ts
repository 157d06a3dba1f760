// Which products a customer may see the library and news of: those with a component one of its signed contracts
// covers now. The contracts subgraph answers (ContractsClient, signed with the gateway secret); tests inject a fake.
import { Inject, Injectable } from '@nestjs/common';
import { forbidden, isProviderStaff, type Caller } from '@sla-desk/auth';
import { PrismaService } from '../prisma.service';

export interface ContractCoverage {
  coveredComponentIds(customerId: string, at: Date): Promise<string[]>;
}

export const CONTRACT_COVERAGE = Symbol('CONTRACT_COVERAGE');

@Injectable()
export class ProductAccess {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(CONTRACT_COVERAGE) private readonly coverage: ContractCoverage,
  ) {}

  /** Product ids the caller may see portal content of; null: every product (provider staff). */
  async visibleProductIds(caller: Caller): Promise<Set<string> | null> {
    if (isProviderStaff(caller)) return null;
    const componentIds = await this.coverage.coveredComponentIds(caller.organizationId, new Date());
    if (componentIds.length === 0) return new Set();
    const components = await this.prisma.component.findMany({ where: { id: { in: componentIds } }, select: { productId: true } });
    return new Set(components.map((c) => c.productId));
  }

  async assertVisible(caller: Caller, productId: string): Promise<void> {
    const visible = await this.visibleProductIds(caller);
    if (visible && !visible.has(productId)) {
      throw forbidden("You may not access this product's library: no contract of yours covers it");
    }
  }
}
