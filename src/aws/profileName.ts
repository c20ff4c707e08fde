// No SDK import: the status bar (main bundle) uses it too.

/** The profile the SDK's default chain uses when no profile is chosen: AWS_PROFILE, and 'default'
 * when it is unset or empty (as the SDK's getProfileName does). */
export function defaultProfileName(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_PROFILE || 'default';
}
