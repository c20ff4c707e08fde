// Whose credentials and which region: the one (profile, region) type, and its one key.

/** A profile and a region, as requests use them: undefined profile = the SDK's default credential chain,
 * undefined region = the profile's region, then AWS_REGION. */
export interface AwsScope {
  readonly profile?: string;
  readonly region?: string;
}

/** The key of a scope, for maps and tree IDs: equal scopes give equal keys, and no two scopes share one
 * (whatever characters a profile name holds). */
export function scopeKey(scope: AwsScope): string {
  return JSON.stringify([scope.profile ?? null, scope.region ?? null]);
}
