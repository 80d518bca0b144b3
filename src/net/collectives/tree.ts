import type { ProcessGenerator } from '../../sim/index.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { Seconds } from '../units.js';
import { collectiveErrors } from './messages.js';
import { runCollective } from './run.js';
import type { CollectiveOptions, CollectiveReport, Combiner, SizeOf } from './types.js';

/**
 * A communication tree over network nodes (a logical tree: each edge is a
 * message over whatever route the network has). Reduce flows from the leaves
 * to the root, broadcast from the root out.
 */
export interface CommTree {
  readonly root: NetNode;
  /**
   * Children of each node that has any, by node name, in order: a broadcast
   * sends to them in this order, a reduce combines their values in this order.
   */
  readonly children: ReadonlyMap<string, readonly NetNode[]>;
}

/**
 * A binomial tree rooted at `root` over `root` and `members`: ranks are 0 for
 * the root and k+1 for `members[k]`; the parent of rank v is v with its lowest
 * set bit cleared, so with N nodes a reduce or broadcast takes ⌈log2 N⌉ rounds
 * of parallel messages. Children are listed largest subtree first (rank
 * v + 2^j for descending j, 2^j below v's lowest set bit), the order in which a
 * broadcast should feed them so the deepest subtree starts first.
 */
export function binomialTree(root: NetNode, members: readonly NetNode[]): CommTree {
  const ranked = [root, ...members];
  const N = ranked.length;
  const children = new Map<string, NetNode[]>();
  for (let v = 0; v < N; v++) {
    const low = v === 0 ? 2 ** Math.ceil(Math.log2(Math.max(N, 1))) : v & -v;
    const kids: NetNode[] = [];
    for (let step = low >> 1; step >= 1; step >>= 1) {
      if (v + step < N) kids.push(ranked[v + step] as NetNode);
    }
    if (kids.length > 0) children.set((ranked[v] as NetNode).name, kids);
  }
  return checkTree({ root, children });
}

/**
 * A two-level tree, e.g. along `buildTree`'s groups: each group's workers are
 * children of a head, and the heads are children of the root. The head of
 * group j is `heads[j]` when given (e.g. the tree's gateways, which then
 * aggregate their group in the network — a modelling choice, as in-switch
 * aggregation), else the group's first worker (which then aggregates the rest
 * of its group, its own body included). Empty groups are skipped.
 */
export function hierarchicalTree(root: NetNode, groups: readonly (readonly NetNode[])[], heads?: readonly NetNode[]): CommTree {
  const children = new Map<string, NetNode[]>();
  const top: NetNode[] = [];
  groups.forEach((group, j) => {
    if (group.length === 0) return;
    const head = heads?.[j] ?? (group[0] as NetNode);
    const kids = group.filter((w) => w !== head);
    top.push(head);
    if (kids.length > 0) children.set(head.name, kids);
  });
  if (top.length > 0) children.set(root.name, top);
  return checkTree({ root, children });
}

/** Every node of the tree, root first, in breadth-first order; checks each node has one parent. */
export function treeNodes(tree: CommTree): NetNode[] {
  const order: NetNode[] = [tree.root];
  const seen = new Set<string>([tree.root.name]);
  for (let i = 0; i < order.length; i++) {
    for (const child of tree.children.get((order[i] as NetNode).name) ?? []) {
      if (seen.has(child.name)) {
        throw new Error(collectiveErrors.treeShape(child.name, child === tree.root ? 'is the root and also a child' : 'has more than one parent'));
      }
      seen.add(child.name);
      order.push(child);
    }
  }
  for (const name of tree.children.keys()) {
    if (!seen.has(name)) throw new Error(collectiveErrors.treeShape(name, 'has children but is not reachable from the root'));
  }
  return order;
}

function checkTree(tree: CommTree): CommTree {
  treeNodes(tree);
  return tree;
}

/** What a tree reduce returns: the combined body at the root. */
export interface TreeReduceReport<B> extends CollectiveReport {
  readonly result: B;
}

/** What a tree broadcast returns: the body as every non-root node received it. */
export interface TreeBroadcastReport<B> extends CollectiveReport {
  /** By node name (the same object everywhere). */
  readonly received: ReadonlyMap<string, B>;
  /** When the body had fully arrived at each non-root node (s). */
  readonly arrivedAtS: ReadonlyMap<string, Seconds>;
}

/**
 * Reduce along a tree to its root. Every node waits for the messages of all its
 * children, combines — its own body first (if it has one), then the children's
 * values in the tree's child order, `acc = combine(acc, child)` — and sends the
 * result to its parent (label `<tag>/up/<sender>`); leaves send at once. Nodes
 * without a body (switches or gateways aggregating in the network) only
 * combine their children's. The process ends when the root has combined.
 * `doneAtS` of a non-root node is when its message reached its parent.
 */
export function treeReduce<B>(network: Network, tree: CommTree, bodies: ReadonlyMap<string, B>, ops: Combiner<B>, options: CollectiveOptions = {}): ProcessGenerator<TreeReduceReport<B>> {
  const nodes = treeNodes(tree);
  const parent = new Map<string, NetNode>();
  for (const n of nodes) for (const c of tree.children.get(n.name) ?? []) parent.set(c.name, n);
  for (const n of nodes) {
    if (!bodies.has(n.name) && (tree.children.get(n.name) ?? []).length === 0) {
      throw new Error(collectiveErrors.missingBody('tree reduce', n.name));
    }
  }
  return runCollective(network, 'tree-reduce', options, function* (run) {
    const doneAtS = new Map<string, Seconds>();
    const node = function* (me: NetNode) {
      let acc: B | undefined = bodies.get(me.name);
      for (const child of tree.children.get(me.name) ?? []) {
        const d = yield* run.recv<B>(me, `up/${child.name}`);
        doneAtS.set(child.name, d.deliveredAtS);
        acc = acc === undefined ? d.message.body : ops.combine(acc, d.message.body);
      }
      const value = acc as B;
      const up = parent.get(me.name);
      if (up !== undefined) run.send(me, up, `up/${me.name}`, value, ops.bytes(value));
      return value;
    };
    const out = yield* run.all(
      nodes.map((n) => node(n)),
      nodes.map((n) => n.name),
    );
    doneAtS.set(tree.root.name, run.env.now);
    return { ...run.report(doneAtS), result: out[0] as B };
  });
}

/**
 * Broadcast along a tree from its root: the root sends the body to its
 * children in the tree's order (one unicast each, queued on its link), and
 * every node forwards it to its own children as soon as it has fully arrived
 * (store-and-forward of the whole message; label `<tag>/down/<receiver>`).
 */
export function treeBroadcast<B>(network: Network, tree: CommTree, body: B, size: SizeOf<B>, options: CollectiveOptions = {}): ProcessGenerator<TreeBroadcastReport<B>> {
  return broadcastAlong('tree-broadcast', network, tree, body, size, options);
}

/** @internal {@link treeBroadcast}, reported as `collective`. */
export function broadcastAlong<B>(collective: string, network: Network, tree: CommTree, body: B, size: SizeOf<B>, options: CollectiveOptions): ProcessGenerator<TreeBroadcastReport<B>> {
  const nodes = treeNodes(tree);
  return runCollective(network, collective, options, function* (run) {
    const bytes = size.bytes(body);
    const received = new Map<string, B>();
    const arrivedAtS = new Map<string, Seconds>();
    const forward = (me: NetNode, value: B) => {
      for (const child of tree.children.get(me.name) ?? []) run.send(me, child, `down/${child.name}`, value, bytes);
    };
    const node = function* (me: NetNode) {
      if (me === tree.root) {
        forward(me, body);
        return;
      }
      const d = yield* run.recv<B>(me, `down/${me.name}`);
      received.set(me.name, d.message.body);
      arrivedAtS.set(me.name, d.deliveredAtS);
      forward(me, d.message.body);
    };
    yield* run.all(
      nodes.map((n) => node(n)),
      nodes.map((n) => n.name),
    );
    const doneAtS = new Map<string, Seconds>(arrivedAtS);
    doneAtS.set(
      tree.root.name,
      [...arrivedAtS.values()].reduce((a, b) => Math.max(a, b), run.startS),
    );
    return { ...run.report(doneAtS), received, arrivedAtS };
  });
}
