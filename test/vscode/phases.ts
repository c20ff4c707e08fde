/**
 * The two editors the in-host suite runs in, shared by both runners (code-server: inhost.ts,
 * desktop VS Code: runTest.ts). Each phase is one editor start with these settings; suite.ts runs
 * the tests of the phase named in SSM_VSCODE_PHASE and checks that the editor's trust matches.
 */
import { DEMO } from '../emulator/defaultFleet';

export type PhaseName = 'trusted' | 'untrusted';

export interface Phase {
  name: PhaseName;
  /** Whether the workspace is trusted (false: the runner leaves workspace trust on and never grants it). */
  trusted: boolean;
  userSettings: Record<string, unknown>;
  workspaceSettings: Record<string, unknown>;
}

export const PHASES: readonly Phase[] = [
  {
    name: 'trusted',
    trusted: true,
    // User level: the profile and one node; the workspace lists its own nodes, which win.
    userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [DEMO.nodes.hybrid] },
    workspaceSettings: { 'ssmAssociations.nodes': [DEMO.nodes.three, DEMO.nodes.many, DEMO.nodes.hybrid] },
  },
  {
    name: 'untrusted',
    trusted: false,
    userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [DEMO.nodes.three] },
    // A workspace someone else wrote: another profile (its key is unknown to the endpoint) and another
    // node. Both settings are restricted, so an untrusted workspace must not get either; pageSize is
    // not restricted and applies.
    workspaceSettings: {
      'ssmAssociations.profile': 'ssm-unknown-key',
      'ssmAssociations.nodes': [DEMO.nodes.many],
      'ssmAssociations.pageSize': 5,
    },
  },
];

/** User settings a test editor starts with besides the phase's own (quiet, and trust as the phase needs). */
export function trustSettings(phase: Phase): Record<string, unknown> {
  return phase.trusted
    ? { 'security.workspace.trust.enabled': false }
    : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' };
}
