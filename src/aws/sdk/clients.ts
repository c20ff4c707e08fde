import { SSMClient } from '@aws-sdk/client-ssm';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { scopeKey } from '../../core/scope';
import { credentialsFor, missingProfile } from './credentials';
import { NoRegionError } from '../errors';
import { defaultProfileName } from '../profileName';
import { resolveRegion } from './profiles';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../contract';

/** How clients talk to SSM. */
export interface ClientOptions {
  /** Asks the user for an MFA code (role profiles with mfa_serial); rejects when cancelled. */
  readonly mfaCodeProvider?: (mfaSerial: string, profile: string) => Promise<string>;
  /** Per attempt; the SDK is told to throw, not just warn (see @smithy/node-http-handler ≥ 4.4). */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
  /** Attempts per request, retries included (adaptive retry mode). */
  readonly maxAttempts?: number;
  /** How long getting credentials may take (credential_process, SSO), MFA prompt excluded. */
  readonly credentialsTimeoutMs?: number;
}

export const DEFAULT_CREDENTIALS_TIMEOUT_MS = 30_000;

/** A client bound to one profile and region. */
export interface BoundClient {
  readonly client: SSMClient;
  readonly profile?: string;
  readonly region: string;
}

/**
 * One SSM client per (profile, region), created on first use. `reset()` destroys them all, so the
 * next request re-reads the profile files and credentials (nothing stale after the user edits them
 * or switches profile).
 */
export class ClientPool {
  private readonly clients = new Map<string, Promise<BoundClient>>();

  constructor(private readonly options: ClientOptions = {}) {}

  /** The client for a profile (undefined = default chain) and an explicit region, if any. */
  get(profile: string | undefined, explicitRegion?: string): Promise<BoundClient> {
    const key = scopeKey({ profile, region: explicitRegion });
    let client = this.clients.get(key);
    if (!client) {
      client = this.create(profile, explicitRegion);
      this.clients.set(key, client);
      // A failed creation (no region) is not cached: the user may fix the files and retry.
      client.catch(() => this.clients.get(key) === client && this.clients.delete(key));
    }
    return client;
  }

  private async create(profile: string | undefined, explicitRegion?: string): Promise<BoundClient> {
    const region = await resolveRegion(profile, explicitRegion);
    // A profile in neither file has no region either: say what is really wrong.
    if (!region) throw (await missingProfile(profile)) ?? new NoRegionError(profile);
    const { mfaCodeProvider } = this.options;
    const mfa = mfaCodeProvider && ((serial: string) => mfaCodeProvider(serial, profile ?? defaultProfileName()));
    const credentials = credentialsFor(profile, region, this.options.credentialsTimeoutMs ?? DEFAULT_CREDENTIALS_TIMEOUT_MS, mfa);
    const client = new SSMClient({
      region,
      // Lets the SDK honour endpoint_url and [services] of this profile, like the AWS CLI does.
      profile,
      credentials,
      retryMode: 'adaptive',
      maxAttempts: this.options.maxAttempts ?? 3,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: this.options.connectionTimeoutMs ?? 5_000,
        requestTimeout: this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      }),
    });
    return { client, profile, region };
  }

  /** Destroys every client; the next request builds new ones from the files as they are now. */
  reset(): void {
    const old = [...this.clients.values()];
    this.clients.clear();
    for (const pending of old) pending.then((bound) => bound.client.destroy(), () => undefined);
  }
}
