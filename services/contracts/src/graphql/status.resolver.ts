import { Query, Resolver } from '@nestjs/graphql';
import { PROVIDER_ROLES, Roles } from '@sla-desk/auth';
import { SubgraphStatus, SubgraphStatusService } from '@sla-desk/subgraph';

@Resolver()
export class StatusResolver {
  constructor(private readonly status: SubgraphStatusService) {}

  @Roles(...PROVIDER_ROLES)
  @Query(() => SubgraphStatus, { description: "contracts's outbox and migrations (provider staff)" })
  contractsStatus(): Promise<SubgraphStatus> {
    return this.status.read();
  }
}
