/** Injection token of the subgraph's name (`identity`, `catalog`, …). */
export const SUBGRAPH_NAME = Symbol('SUBGRAPH_NAME');
