// The ticket workflows' ReleasesPort over the catalog subgraph: "the component's next planned / unplanned release
// after an instant" (Query.nextRelease), asked directly and signed as a service caller the way the gateway signs
// (libs/auth's ServiceGraphQLClient). An unknown component, like a component without such a release, answers null.
import { ServiceGraphQLClient, type ServiceClientOptions } from '@sla-desk/auth';
import type { ReleasesPort } from '@sla-desk/ticket-activities';
import type { NextReleaseRequest, ReleaseKind, ReleaseLink } from '@sla-desk/workflow-api';

const NEXT_RELEASE = `query NextRelease($c: ID!, $kind: ReleaseKind!, $after: DateTime!) {
  nextRelease(componentId: $c, kind: $kind, after: $after) { id kind scheduledFor } }`;

export class CatalogReleases implements ReleasesPort {
  private readonly client: ServiceGraphQLClient;

  constructor(options: ServiceClientOptions) {
    this.client = new ServiceGraphQLClient(options);
  }

  async nextRelease(req: NextReleaseRequest): Promise<ReleaseLink | null> {
    const data = await this.client.request<{ nextRelease: { id: string; kind: ReleaseKind; scheduledFor: string } | null }>(
      NEXT_RELEASE,
      { c: req.componentId, kind: req.kind, after: req.after },
      ['BAD_USER_INPUT'],
    );
    const release = data?.nextRelease;
    return release ? { releaseId: release.id, kind: release.kind, scheduledFor: new Date(release.scheduledFor).toISOString() } : null;
  }
}
