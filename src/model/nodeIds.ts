/** The managed-node ID pattern of DescribeInstanceAssociationsStatus: EC2 instances and hybrid (mi-) nodes. */
export const NODE_ID_PATTERN = /^(i-([0-9A-Za-z_]{8}|[0-9A-Za-z_]{17})|mi-[0-9A-Za-z_]{17})$/;

/** Why `id` is not a managed-node ID the API accepts, or undefined when it is one. */
export function nodeIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'The ID is empty.';
  if (id !== id.trim()) return 'The ID has spaces around it.';
  if (NODE_ID_PATTERN.test(id)) return undefined;
  if (id.startsWith('mi-')) {
    return `A hybrid node ID is "mi-" and 17 letters or digits (this one has ${id.length - 3}).`;
  }
  if (id.startsWith('i-')) {
    return `An EC2 instance ID is "i-" and 8 or 17 letters or digits (this one has ${id.length - 2}).`;
  }
  return 'A managed node ID starts with "i-" (EC2 instance) or "mi-" (hybrid node), e.g. i-0123456789abcdef0.';
}
