// Client mistakes the gateway must report as such. Apollo Server leaves choosing the operation to the gateway's
// executor, whose error for an unknown `operationName` (or several operations and none named) would surface as a
// 500 INTERNAL_SERVER_ERROR: this plugin answers 400 OPERATION_RESOLUTION_FAILURE before execution instead.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';

function resolutionProblem(document: DocumentNode, operationName: string | null | undefined): string {
  if (operationName) return `Unknown operation named "${operationName}".`;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  return operations > 1 ? 'Must provide operation name if query contains multiple operations.' : 'Must provide an operation.';
}

export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          throw new GraphQLError(resolutionProblem(document, request.operationName), {
            extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
          });
        },
      };
    },
  };
}
