import { spawn } from 'node:child_process';
import { isShellPlain, ssoLoginCommandText } from './errors';

// `aws sso login` runs as a process with an argument vector, never through a shell: a profile name
// is the user's text, and quoting for bash is not quoting for PowerShell or cmd.exe. On Windows,
// Node starts only an .exe or .com this way (it refuses .cmd/.bat without a shell), so no cmd.exe
// parses the name there either.

/** The arguments of `aws` for logging in: the profile is one element, whatever it contains. */
export function ssoLoginArgs(profile: string | undefined): string[] {
  return profile ? ['sso', 'login', '--profile', profile] : ['sso', 'login'];
}

/** A running `aws sso login`. */
export interface SsoLoginRun {
  /** The exit code; undefined when aws could not be started or was stopped by a signal. */
  readonly done: Promise<number | undefined>;
  stop(): void;
}

export interface SsoLoginOptions {
  /** The AWS CLI to run (tests put a recorder here); default `aws` from PATH. */
  readonly command?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts `aws sso login [--profile NAME]`; its output (stdout and stderr) goes to `write`. */
export function runSsoLogin(profile: string | undefined, write: (text: string) => void, options: SsoLoginOptions = {}): SsoLoginRun {
  const command = options.command ?? 'aws';
  // Without a terminal the CLI's Python would hold its output back: the code to enter must show now.
  const child = spawn(command, ssoLoginArgs(profile), {
    shell: false,
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...(options.env ?? process.env), PYTHONUNBUFFERED: '1' },
  });
  child.stdout.setEncoding('utf8').on('data', write);
  child.stderr.setEncoding('utf8').on('data', write);
  const done = new Promise<number | undefined>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      write(
        error.code === 'ENOENT'
          ? `The AWS CLI (${command}) was not found on PATH. Install AWS CLI v2, then run this again.\n`
          : `Could not start ${command}: ${error.message}\n`,
      );
      resolve(undefined);
    });
    child.once('close', (code) => resolve(code ?? undefined));
  });
  return {
    done,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/**
 * The terminal's first lines: the command as a user may copy it (ssoLoginCommandText: a name a shell
 * would interpret is never put in it), then such a name on a line of its own, as a JSON string with
 * control characters shown as \u escapes.
 */
export function ssoLoginCommandLine(profile: string | undefined): string {
  const command = ssoLoginCommandText(profile);
  if (!profile || isShellPlain(profile)) return command;
  // JSON escapes C0 controls; C1 controls are shown as \u escapes too.
  const shown = JSON.stringify(profile).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${command}\nprofile name (given to aws as one argument, no shell): ${shown}`;
}
