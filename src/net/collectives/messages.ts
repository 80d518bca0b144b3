/**
 * Error messages of the collectives: each embeds the offending value and says
 * the fix, so tests compare against these functions, not literals.
 */
export const collectiveErrors = {
  tagInUse: (tag: string) => `collective tag "${tag}" is already in use by a collective still running on this network; give each concurrent call its own tag (or omit it for a fresh one)`,
  bodyCount: (collective: string, given: number, nodes: number) => `${collective}: ${given} bodies for ${nodes} participants; give exactly one body per participant, in the same order`,
  duplicateNode: (collective: string, name: string) => `${collective}: node "${name}" appears twice among the participants; list each node once`,
  noParticipants: (collective: string) => `${collective}: no participants; give at least one node`,
  splitCount: (given: number, parts: number) => `ring all-reduce: split(body, ${parts}) returned ${given} chunks; it must return exactly ${parts} (one per participant)`,
  missingBody: (collective: string, name: string) => `${collective}: node "${name}" has no body and no children to reduce; give it a body or remove it from the tree`,
  treeShape: (name: string, why: string) => `communication tree: node "${name}" ${why}; every node but the root must have exactly one parent`,
};
