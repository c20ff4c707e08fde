import { MfaCancelledError } from './errors';

/**
 * An MFA code provider that asks the user once per profile at a time: nodes that need the same
 * role share one prompt, and a dismissed prompt fails them all once (no storm of prompts or errors).
 * `ask` returns undefined when the user dismissed the prompt.
 */
export function sharedMfaPrompt(ask: (mfaSerial: string, profile: string) => PromiseLike<string | undefined>): (mfaSerial: string, profile: string) => Promise<string> {
  const pending = new Map<string, Promise<string>>();
  return (mfaSerial, profile) => {
    let prompt = pending.get(profile);
    if (!prompt) {
      prompt = Promise.resolve(ask(mfaSerial, profile))
        .then((code) => {
          if (!code?.trim()) throw new MfaCancelledError(profile);
          return code.trim();
        })
        .finally(() => pending.delete(profile));
      pending.set(profile, prompt);
    }
    return prompt;
  };
}
