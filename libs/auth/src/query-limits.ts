// Static limits on GraphQL operations, checked during validation (before anything executes): depth, cost and
// aliases. Cost: every field costs 1 times the product of the sizes of the lists it is nested in; a list field's
// size is its `first`/`last`/`limit`/`take` argument when that is a literal integer, else a default.
// Introspection fields (`__schema`, `__type`, …) are not counted, so tools still work where introspection is on.
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Assumed size of a list field without a size argument. Default 10. */
  defaultListSize?: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxCost: 5000, maxAliases: 30, defaultListSize: 10 };

const SIZE_ARGUMENTS = new Set(['first', 'last', 'limit', 'take']);
/** Graph cycles through fragments are reported by graphql's own NoFragmentCycles rule; stop here. */
const MAX_FRAGMENT_NESTING = 50;

interface Totals {
  depth: number;
  cost: number;
  aliases: number;
}

function limitError(message: string, limit: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit } });
}

export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  const defaultListSize = limits.defaultListSize ?? 10;
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    return {
      OperationDefinition(node) {
        const root =
          node.operation === 'query'
            ? schema.getQueryType()
            : node.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        const totals: Totals = { depth: 0, cost: 0, aliases: 0 };
        walk(schema, root ?? undefined, node.selectionSet, 1, 1, totals, fragments, defaultListSize, 0);
        const name = node.name ? ` "${node.name.value}"` : '';
        if (totals.depth > limits.maxDepth) {
          context.reportError(
            limitError(`Operation${name} is nested ${totals.depth} levels deep; the limit is ${limits.maxDepth}`, 'depth'),
          );
        }
        if (totals.cost > limits.maxCost) {
          context.reportError(
            limitError(`Operation${name} has an estimated cost of ${totals.cost}; the limit is ${limits.maxCost}`, 'cost'),
          );
        }
        if (totals.aliases > limits.maxAliases) {
          context.reportError(
            limitError(`Operation${name} uses ${totals.aliases} aliases; the limit is ${limits.maxAliases}`, 'aliases'),
          );
        }
        return false;
      },
    };
  };
}

function listSize(args: readonly { name: { value: string }; value: ValueNode }[] | undefined, fallback: number): number {
  for (const arg of args ?? []) {
    if (!SIZE_ARGUMENTS.has(arg.name.value)) continue;
    if (arg.value.kind === Kind.INT) return Math.max(1, Number.parseInt(arg.value.value, 10));
    return fallback;
  }
  return fallback;
}

function fieldTypeOf(parent: GraphQLNamedType | undefined, fieldName: string) {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[fieldName]?.type;
}

function walk(
  schema: GraphQLSchema,
  parent: GraphQLNamedType | undefined,
  selectionSet: SelectionSetNode,
  depth: number,
  multiplier: number,
  totals: Totals,
  fragments: Map<string, FragmentDefinitionNode>,
  defaultListSize: number,
  fragmentNesting: number,
): void {
  if (fragmentNesting > MAX_FRAGMENT_NESTING) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      if (selection.alias) totals.aliases += 1;
      totals.depth = Math.max(totals.depth, depth);
      totals.cost += multiplier;
      if (!selection.selectionSet) continue;
      const type = fieldTypeOf(parent, name);
      const isList = type !== undefined && isListType(getNullableType(type));
      const childMultiplier = isList ? multiplier * listSize(selection.arguments, defaultListSize) : multiplier;
      const child = type ? (getNamedType(type) as GraphQLCompositeType) : undefined;
      walk(schema, child, selection.selectionSet, depth + 1, childMultiplier, totals, fragments, defaultListSize, fragmentNesting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      walk(schema, type ?? undefined, selection.selectionSet, depth, multiplier, totals, fragments, defaultListSize, fragmentNesting + 1);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment) continue;
      const type = schema.getType(fragment.typeCondition.name.value);
      walk(schema, type ?? undefined, fragment.selectionSet, depth, multiplier, totals, fragments, defaultListSize, fragmentNesting + 1);
    }
  }
}
