/**
 * Two associations that show how the agent lays steps out in S3 (see README "What the endpoint follows"), added to a
 * demo fleet by `withStepShowcase`: a schema 2.2 document whose steps are named with colons and spaces, one printing
 * only stderr and one printing nothing (no object at all), a schema 1.2 Windows document (aws:runPowerShellScript), and a
 * run of 40 steps (80 streams: View Output asks which to open).
 */
import type { Fleet, InstanceAssociationStatusInfo } from './fleet.js';
import { DEMO } from './defaultFleet.js';
import { DEMO_FLEET, demoAssociationId, demoNodeId } from './demoFleet.js';

export const STEP_SHOWCASE = {
  /** Linux node (Role web) running `deploy-web`. */
  linuxNode: DEMO_FLEET.nodes.web,
  /** Windows node running `windows-script`. */
  windowsNode: demoNodeId('demo', DEMO.region, 10),
  deploy: demoAssociationId('demo', DEMO.region, 'deploy-web'),
  windows: demoAssociationId('demo', DEMO.region, 'windows-script'),
  /** 40 steps on the Linux node, each printing stdout and stderr: 80 streams, more than View Output opens unasked. */
  many: demoAssociationId('demo', DEMO.region, 'many-steps'),
  manySteps: 40,
  steps: { install: 'install: nginx', config: 'write config', quiet: 'quiet check' },
} as const;

export function withStepShowcase(fleet: Fleet, ranAt = Date.now() - 10 * 60_000): Fleet {
  const account = fleet.accounts.find((a) => a.name === 'demo')!;
  const nodes = account.regions[DEMO.region];
  const bucket = DEMO.bucket;
  const S = STEP_SHOWCASE.steps;
  const manySteps = Array.from({ length: STEP_SHOWCASE.manySteps }, (_, i) => `step ${String(i + 1).padStart(2, '0')}`);
  account.associations![DEMO.region].push(
    {
      AssociationId: STEP_SHOWCASE.deploy,
      AssociationName: 'deploy-web',
      Name: 'Custom-DeployWeb',
      DocumentVersion: '2',
      Targets: [{ Key: 'InstanceIds', Values: [STEP_SHOWCASE.linuxNode] }],
      ScheduleExpression: 'rate(1 hour)',
      OutputLocation: { S3Location: { OutputS3Region: DEMO.region, OutputS3BucketName: bucket, OutputS3KeyPrefix: 'deploy' } },
      schemaVersion: '2.2',
      steps: [
        { name: S.install, action: 'aws:runShellScript' },
        { name: S.config, action: 'aws:runShellScript' },
        { name: S.quiet, action: 'aws:runShellScript' },
      ],
      output: { steps: { [S.install]: { stdout: 'nginx 1.24 installed\n' }, [S.config]: { stderr: 'warning: /etc/nginx/conf.d is empty\n' }, [S.quiet]: {} } },
    },
    {
      AssociationId: STEP_SHOWCASE.windows,
      AssociationName: 'windows-script',
      Name: 'AWS-RunPowerShellScript',
      DocumentVersion: '1',
      Targets: [{ Key: 'InstanceIds', Values: [STEP_SHOWCASE.windowsNode] }],
      ScheduleExpression: 'rate(1 hour)',
      Parameters: { commands: ['Get-Service W3SVC'] },
      OutputLocation: { S3Location: { OutputS3Region: DEMO.region, OutputS3BucketName: bucket, OutputS3KeyPrefix: 'windows' } },
    },
    {
      AssociationId: STEP_SHOWCASE.many,
      AssociationName: 'many-steps',
      Name: 'Custom-ManySteps',
      DocumentVersion: '1',
      Targets: [{ Key: 'InstanceIds', Values: [STEP_SHOWCASE.linuxNode] }],
      ScheduleExpression: 'rate(1 day)',
      OutputLocation: { S3Location: { OutputS3Region: DEMO.region, OutputS3BucketName: bucket, OutputS3KeyPrefix: 'many' } },
      schemaVersion: '2.2',
      steps: manySteps.map((name) => ({ name, action: 'aws:runShellScript' })),
      output: { steps: Object.fromEntries(manySteps.map((name) => [name, { stdout: `${name}: done\n`, stderr: `${name}: warning\n` }])) },
    },
  );
  const row = (nodeId: string, AssociationId: string, AssociationName: string, Name: string): InstanceAssociationStatusInfo => ({
    AssociationId,
    AssociationName,
    Name,
    DocumentVersion: '1',
    AssociationVersion: '1',
    InstanceId: nodeId,
    ExecutionDate: new Date(ranAt).toISOString(),
    Status: 'Success',
    DetailedStatus: 'Success',
    ErrorCode: '',
  });
  nodes.find((n) => n.InstanceId === STEP_SHOWCASE.linuxNode)!.associations!.push(row(STEP_SHOWCASE.linuxNode, STEP_SHOWCASE.deploy, 'deploy-web', 'Custom-DeployWeb'));
  nodes.find((n) => n.InstanceId === STEP_SHOWCASE.linuxNode)!.associations!.push(row(STEP_SHOWCASE.linuxNode, STEP_SHOWCASE.many, 'many-steps', 'Custom-ManySteps'));
  nodes.find((n) => n.InstanceId === STEP_SHOWCASE.windowsNode)!.associations!.push(row(STEP_SHOWCASE.windowsNode, STEP_SHOWCASE.windows, 'windows-script', 'AWS-RunPowerShellScript'));
  return fleet;
}
