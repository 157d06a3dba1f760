// Which product components exist: the catalog subgraph owns them. A contract may cover only components the catalog
// knows; the contracts service asks it in one federated `_entities` lookup per contract (signed as the gateway signs).
import { Inject, Injectable } from '@nestjs/common';
import { ServiceGraphQLClient } from '@sla-desk/auth';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { ContractsConfig } from '../config';

export interface ComponentDirectory {
  /** Of `ids`, those the catalog does not know. */
  unknown(ids: readonly string[]): Promise<string[]>;
}

export const COMPONENT_DIRECTORY = Symbol('COMPONENT_DIRECTORY');

const LOOKUP = 'query Components($r: [_Any!]!) { _entities(representations: $r) { ... on Component { id } } }';

@Injectable()
export class CatalogComponentDirectory implements ComponentDirectory {
  private readonly client: ServiceGraphQLClient;

  constructor(@Inject(SUBGRAPH_CONFIG) config: ContractsConfig) {
    this.client = new ServiceGraphQLClient({ url: config.catalogUrl, secret: config.gatewaySecrets[0]!, service: 'contracts' });
  }

  async unknown(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const data = await this.client.request<{ _entities: Array<{ id: string } | null> }>(LOOKUP, {
      r: ids.map((id) => ({ __typename: 'Component', id })),
    });
    const known = new Set((data?._entities ?? []).flatMap((entity) => (entity ? [entity.id] : [])));
    return ids.filter((id) => !known.has(id));
  }
}
