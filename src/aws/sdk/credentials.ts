import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CredentialsError, ProfileNotFoundError } from '../errors';
import { credentialSourceOf } from './profiles';

/** Thrown when getting credentials takes too long (a credential_process that hangs, a stuck SSO refresh). */
export class CredentialsTimeoutError extends Error {
  override readonly name = 'CredentialsTimeoutError';
  constructor(
    readonly profile: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(`Getting credentials for ${profile ? `profile ${profile}` : 'the default chain'} took longer than ${Math.round(timeoutMs / 1000)} s.`);
  }
}

/**
 * The SDK's own credential providers — fromIni for a named profile, the node chain otherwise (which
 * honours AWS_PROFILE) — re-reading the files each time a client is built, and bounded in time: the
 * SDK does not limit a credential_process, so a hanging one would otherwise hang the tree.
 * The time spent in the MFA prompt does not count.
 */
export function credentialsFor(
  profile: string | undefined,
  region: string,
  timeoutMs: number,
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>,
): AwsCredentialIdentityProvider {
  let promptOpen = 0;
  const mfa = mfaCodeProvider && (async (serial: string) => {
    promptOpen++;
    try {
      return await mfaCodeProvider(serial);
    } finally {
      promptOpen--;
    }
  });
  const init = { ignoreCache: true, mfaCodeProvider: mfa, clientConfig: { region } };
  const provider = profile ? fromIni({ profile, ...init }) : fromNodeProviderChain(init);
  return (options) =>
    new Promise<AwsCredentialIdentity>((resolve, reject) => {
      let elapsed = 0;
      // Ticks of 250 ms that skip while the MFA prompt is open.
      const timer = setInterval(() => {
        if (promptOpen > 0) return;
        elapsed += 250;
        if (elapsed >= timeoutMs) {
          clearInterval(timer);
          reject(new CredentialsTimeoutError(profile, timeoutMs));
        }
      }, 250);
      provider(options).then(
        (credentials) => {
          clearInterval(timer);
          resolve(credentials);
        },
        (error: unknown) => {
          clearInterval(timer);
          classify(error, profile).then(reject, () => reject(error));
        },
      );
    });
}

/** Errors of this extension (a dismissed MFA prompt, a timeout) pass through the SDK as they are. */
const OWN_ERRORS = new Set(['MfaCancelledError', 'CredentialsTimeoutError', 'AbortError']);

/**
 * The SDK's credential errors are all one type whose messages embed the profile name, so what
 * went wrong is read from the files instead, as the SDK's own loader parses them: a profile in
 * neither file is not found; otherwise the profile's fields say what kind of credentials failed.
 */
async function classify(error: unknown, profile: string | undefined): Promise<unknown> {
  const e = error as { name?: unknown; $metadata?: unknown } | null;
  if (typeof e?.name === 'string' && OWN_ERRORS.has(e.name)) return error;
  // An answer of AWS itself (STS refusing a role's source keys as expired, say) is its own kind of error.
  if (e?.$metadata !== undefined) return error;
  const named = namedProfile(profile);
  const source = await credentialSourceOf(named ?? 'default');
  if (!source && named) return new ProfileNotFoundError(named);
  const through = source && source.profile !== (named ?? 'default');
  return new CredentialsError(through ? source.profile : profile, source?.kind, error);
}

/** The profile asked for by name: the chosen one, or AWS_PROFILE for the default chain (whose
 * 'default' profile may be absent on purpose: environment keys or an instance role may be meant). */
function namedProfile(profile: string | undefined): string | undefined {
  return profile ?? (process.env.AWS_PROFILE || undefined);
}

/** A ProfileNotFoundError when the profile asked for by name is in neither shared file. */
export async function missingProfile(profile: string | undefined): Promise<ProfileNotFoundError | undefined> {
  const named = namedProfile(profile);
  return named && !(await credentialSourceOf(named)) ? new ProfileNotFoundError(named) : undefined;
}
