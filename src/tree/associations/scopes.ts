import type { Settings } from '../../core/settings';
import { type AwsScope, scopeKey } from '../../core/scope';

/** The (profile, region) pairs the user works with: the active one first, then those of the configured nodes. */
export function scopesOf(settings: Settings): AwsScope[] {
  const out = new Map<string, AwsScope>();
  const add = (p: AwsScope) => out.has(scopeKey(p)) || out.set(scopeKey(p), p);
  add({ profile: settings.profile, region: settings.region });
  for (const e of settings.entries) if (e.kind === 'node') add({ profile: e.profile ?? settings.profile, region: e.region ?? settings.region });
  return [...out.values()];
}
