/**
 * Writes an AWS shared config + credentials pair whose profiles match the default fleet's keys.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO, KEYS } from './defaultFleet.js';

export interface WrittenProfiles {
  configFile: string;
  credentialsFile: string;
  env: Record<string, string>;
}

export const PROFILES = ['ssm-demo', 'ssm-second', 'ssm-session', 'ssm-expired', 'ssm-unknown-key', 'ssm-noregion'] as const;
/** Written only with `{ usProfiles: true }`: both accounts in us-east-1 (the demo fleet's second region). */
export const US_PROFILES = ['ssm-demo-us', 'ssm-second-us'] as const;

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * `dir/config` and `dir/credentials` with the profiles ssm-demo, ssm-second, ssm-session,
 * ssm-expired, ssm-unknown-key (all eu-west-1), ssm-noregion (no region anywhere), and with
 * `usProfiles` ssm-demo-us and ssm-second-us (both accounts in us-east-1). With a `url`, every profile also gets
 * `services = ssm-emulator`, an `[services ssm-emulator]` section pointing SSM at the url, and
 * `env.AWS_ENDPOINT_URL_SSM`; with an `s3Url` as well, the same for S3 (`AWS_ENDPOINT_URL_S3`).
 * Callers should also remove AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE and AWS_ACCESS_KEY_ID etc.
 * from the environment they pass on.
 */
export function writeProfiles(dir: string, url?: string, s3Url?: string, opts: { usProfiles?: boolean } = {}): WrittenProfiles {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const profiles: [string, Creds, string | undefined][] = [
    ['ssm-demo', KEYS.demo, DEMO.region],
    ['ssm-second', KEYS.second, DEMO.region],
    ['ssm-session', KEYS.session, DEMO.region],
    ['ssm-expired', KEYS.expiredSession, DEMO.region],
    ['ssm-unknown-key', KEYS.unknown, DEMO.region],
    ['ssm-noregion', KEYS.demo, undefined],
  ];
  if (opts.usProfiles) profiles.push(['ssm-demo-us', KEYS.demo, DEMO.otherRegion], ['ssm-second-us', KEYS.second, DEMO.otherRegion]);
  const config: string[] = ['# Written by the SSM emulator (test/emulator/profiles.ts). Test keys only.', ''];
  const credentials: string[] = ['# Written by the SSM emulator (test/emulator/profiles.ts). Test keys only.', ''];
  for (const [name, creds, region] of profiles) {
    config.push(`[profile ${name}]`);
    if (region) config.push(`region = ${region}`);
    config.push('output = json');
    if (url) config.push('services = ssm-emulator');
    config.push('');
    credentials.push(`[${name}]`, `aws_access_key_id = ${creds.accessKeyId}`, `aws_secret_access_key = ${creds.secretAccessKey}`);
    if (creds.sessionToken) credentials.push(`aws_session_token = ${creds.sessionToken}`);
    credentials.push('');
  }
  if (url) config.push('[services ssm-emulator]', 'ssm =', `  endpoint_url = ${url}`, ...(s3Url ? ['s3 =', `  endpoint_url = ${s3Url}`] : []), '');
  const configFile = join(abs, 'config');
  const credentialsFile = join(abs, 'credentials');
  writeFileSync(configFile, config.join('\n'), { mode: 0o600 });
  writeFileSync(credentialsFile, credentials.join('\n'), { mode: 0o600 });
  const env: Record<string, string> = {
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (url) env.AWS_ENDPOINT_URL_SSM = url;
  if (s3Url) env.AWS_ENDPOINT_URL_S3 = s3Url;
  return { configFile, credentialsFile, env };
}
