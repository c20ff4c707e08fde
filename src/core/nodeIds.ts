// The same text is the `pattern` of ssmAssociations.nodes in package.json (a test keeps them equal),
// so the settings editor and the extension accept exactly the same IDs.
/** The managed-node ID pattern of DescribeInstanceAssociationsStatus: EC2 instances and hybrid (mi-) nodes. */
export const NODE_ID_PATTERN = new RegExp('^(i-(\\w{8}|\\w{17})|mi-\\w{17})$');

/** A character named so that it can be read even when it is invisible or a quote. */
function characterName(ch: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) && ch !== '"' ? `"${ch}"` : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `id` is not a managed-node ID the API accepts, or undefined when it is one. */
export function nodeIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'The ID is empty.';
  if (id !== id.trim()) return 'The ID has spaces around it.';
  if (NODE_ID_PATTERN.test(id)) return undefined;
  const prefix = id.startsWith('mi-') ? 'mi-' : id.startsWith('i-') ? 'i-' : undefined;
  if (prefix === undefined) {
    return 'A managed node ID starts with "i-" (EC2 instance) or "mi-" (hybrid node), e.g. i-0123456789abcdef0.';
  }
  const rest = [...id.slice(prefix.length)];
  const bad = rest.findIndex((ch) => !/^\w$/.test(ch));
  if (bad !== -1) {
    return `After "${prefix}" a node ID has only letters and digits; ${characterName(rest[bad])} (character ${prefix.length + bad + 1}) is not one.`;
  }
  return prefix === 'mi-'
    ? `A hybrid node ID is "mi-" and 17 letters or digits (this one has ${rest.length}).`
    : `An EC2 instance ID is "i-" and 8 or 17 letters or digits (this one has ${rest.length}).`;
}
