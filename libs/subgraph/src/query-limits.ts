// Static limits on GraphQL operations, applied before anything executes, in the gateway and in every subgraph.
// Maintained libraries do the measuring; this file only sets them up:
// - graphql-armor: depth, aliases (including `__typename`), directives, and no "did you mean" field suggestions.
//   It measures each fragment once, however often it is spread (a hand-written walk that re-entered fragments let a
//   1 KB query of nested double spreads freeze the server).
// - graphql-query-complexity: the estimated cost, computed with the operation's variables once the operation is
//   resolved (before execution), bounded in the nodes it evaluates. Cost model: every field costs 1 plus its
//   selection; a field with a `first`/`last` argument multiplies its selection by that page size (at most
//   MAX_PAGE_SIZE, the largest page any list field returns; MAX_PAGE_SIZE when absent); another list field by
//   ASSUMED_LIST_SIZE; `edges`/`nodes` of a connection are its page, already counted.
// - graphql-js' parser: the token limit (`parseOptions.maxTokens`).
// Rejections are 400 with GRAPHQL_VALIDATION_FAILED and `extensions.limit` (depth, cost, aliases, directives), or
// GRAPHQL_PARSE_FAILED for too many tokens.
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { getNullableType, GraphQLError, isListType, type ValidationContext, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** The most items any list field returns in one page. */
export const MAX_PAGE_SIZE = 100;

/** The size a list field without a page-size argument is assumed to have (clocks, transitions, roles). */
export const ASSUMED_LIST_SIZE = 10;

/** How many fields the cost estimate may visit before the operation counts as too costly without more ado. */
const MAX_COST_NODES = 10_000;

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

/** What clients may send through the gateway. */
export const GATEWAY_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxCost: 5000, maxAliases: 30, maxDirectives: 20, maxTokens: 2000 };

/**
 * What a subgraph accepts from the gateway: the query planner's fetches are deeper and wider than the client's
 * operation (`_entities` representations, `__typename` on every level), so the limits are looser, yet still bounded.
 */
export const SUBGRAPH_QUERY_LIMITS: QueryLimits = { maxDepth: 14, maxCost: 50000, maxAliases: 200, maxDirectives: 100, maxTokens: 20000 };

type Limit = 'depth' | 'cost' | 'aliases' | 'directives';

function limitError(message: string, limit: Limit): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, http: { status: 400 } } });
}

function reportAs(limit: Limit) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit } }));
  };
}

function rule(limit: Limit) {
  return { onReject: [reportAs(limit)], propagateOnRejection: false, exposeLimits: true };
}

function pageSize(args: Record<string, unknown>): number | undefined {
  const size = args['first'] ?? args['last'];
  return typeof size === 'number' ? Math.max(0, Math.min(size, MAX_PAGE_SIZE)) : undefined;
}

const pageSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const paged = 'first' in args || 'last' in args || field.args.some((a) => a.name === 'first' || a.name === 'last');
  if (paged) return 1 + childComplexity * (pageSize(args) ?? MAX_PAGE_SIZE);
  if (isListType(getNullableType(field.type)) && field.name !== 'edges' && field.name !== 'nodes') {
    return 1 + childComplexity * ASSUMED_LIST_SIZE;
  }
  return undefined;
};

/** Rejects an operation whose estimated cost exceeds `maxCost`, once its variables are known. */
function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(operationName ? { operationName } : {}),
              estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
              maxQueryNodes: MAX_COST_NODES,
            });
          } catch {
            throw limitError(`Operation is too large to estimate (over ${MAX_COST_NODES} fields with fragments expanded)`, 'cost');
          }
          if (cost > maxCost) throw limitError(`Operation has an estimated cost of ${cost}; the limit is ${maxCost}`, 'cost');
        },
      };
    },
  };
}

export interface QueryProtection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

/** The Apollo Server plugins, validation rules and parse options enforcing `limits`. */
export function queryProtection(limits: QueryLimits): QueryProtection {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...rule('depth') },
    maxAliases: { n: limits.maxAliases, allowList: [], ...rule('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...rule('directives') },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    plugins: [...plugins, costLimitPlugin(limits.maxCost)],
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
