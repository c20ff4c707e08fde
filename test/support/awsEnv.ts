// The process environment of a test or bench that runs the real SDK against the local endpoints.

/** The variables through which the SDK could reach other credentials, regions or endpoints than the stack's. */
export const AWS_ENV = [
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SSM',
  'AWS_ENDPOINT_URL_S3',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
] as const;

/** Clears the given environment variables and returns what puts them back as they were. */
export function isolateEnv(names: readonly string[]): () => void {
  const saved = new Map(names.map((k) => [k, process.env[k]]));
  for (const k of names) delete process.env[k];
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
