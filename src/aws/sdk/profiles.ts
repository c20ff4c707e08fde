import { loadSharedConfigFiles } from '@smithy/core/config';
import { defaultProfileName } from '../profileName';
import type { ProfileInfo } from '../contract';

type Section = Record<string, string | undefined>;

/** The shared config and credentials files, as the SDK itself parses them (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE honoured). Always re-read: the user may have edited them. */
export async function readProfileFiles(): Promise<{ config: Record<string, Section>; credentials: Record<string, Section> }> {
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  return { config: files.configFile ?? {}, credentials: files.credentialsFile ?? {} };
}

/** What a profile's fields configure (its own fields only; see sourceOf for source_profile). */
export function kindOf(section: Section): ProfileInfo['kind'] {
  if (section.sso_session || section.sso_start_url) return 'sso';
  if (section.role_arn && section.web_identity_token_file) return 'web-identity';
  if (section.role_arn) return 'role';
  if (section.credential_process) return 'process';
  if (section.aws_access_key_id) return 'keys';
  return 'config';
}

// The SDK's loader also returns `sso-session.X` and `services.X` sections: they are not profiles.
function isProfileName(name: string): boolean {
  return !/^(sso-session|services)\./.test(name);
}

/** Every profile of the shared files, sorted by name, with its region and kind of credentials. */
export async function listProfiles(): Promise<ProfileInfo[]> {
  const { config, credentials } = await readProfileFiles();
  const names = new Set([...Object.keys(config), ...Object.keys(credentials)].filter(isProfileName));
  return [...names].sort().map((name) => {
    const merged: Section = { ...config[name], ...credentials[name] };
    const sources: ProfileInfo['sources'][number][] = [];
    if (config[name]) sources.push('config');
    if (credentials[name]) sources.push('credentials');
    return { name, region: merged.region, kind: kindOf(merged), sources };
  });
}

/**
 * Where a profile's credentials come from: the profile whose fields give them (a role's
 * source_profile, followed) and what those fields configure. Undefined when the profile is in
 * neither file.
 */
export async function credentialSourceOf(name: string): Promise<{ profile: string; kind: ProfileInfo['kind'] } | undefined> {
  const { config, credentials } = await readProfileFiles();
  const section = (n: string): Section | undefined => (config[n] || credentials[n] ? { ...config[n], ...credentials[n] } : undefined);
  let current = name;
  let fields = section(current);
  if (!fields) return undefined;
  // A role's keys come from its source_profile; a cycle or a missing source stays with the role.
  for (const seen = new Set([current]); kindOf(fields) === 'role' && fields.source_profile && !seen.has(fields.source_profile); ) {
    const next = section(fields.source_profile);
    if (!next) break;
    seen.add((current = fields.source_profile));
    fields = next;
  }
  return { profile: current, kind: kindOf(fields) };
}

/**
 * The region for requests: an explicit region, else the profile's `region`, else AWS_REGION
 * (then AWS_DEFAULT_REGION). Undefined when none is set anywhere.
 */
export async function resolveRegion(profile: string | undefined, explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (explicit) return explicit;
  const { config, credentials } = await readProfileFiles();
  const name = profile ?? defaultProfileName(env);
  return config[name]?.region || credentials[name]?.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}
