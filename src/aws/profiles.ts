import { loadSharedConfigFiles } from '@smithy/core/config';
import { defaultProfileName } from './profileName';
import type { ProfileInfo } from './types';

type Section = Record<string, string | undefined>;

/** The shared config and credentials files, as the SDK itself parses them (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE honoured). Always re-read: the user may have edited them. */
export async function readProfileFiles(): Promise<{ config: Record<string, Section>; credentials: Record<string, Section> }> {
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  return { config: files.configFile ?? {}, credentials: files.credentialsFile ?? {} };
}

function kindOf(section: Section): ProfileInfo['kind'] {
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
 * The region for requests: an explicit region, else the profile's `region`, else AWS_REGION
 * (then AWS_DEFAULT_REGION). Undefined when none is set anywhere.
 */
export async function resolveRegion(profile: string | undefined, explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (explicit) return explicit;
  const { config, credentials } = await readProfileFiles();
  const name = profile ?? defaultProfileName(env);
  return config[name]?.region || credentials[name]?.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}
