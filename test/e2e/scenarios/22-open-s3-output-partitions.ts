// Open S3 Output opens the console of the bucket's own partition: a China node's output in a China
// bucket opens the China console (console.amazonaws.cn), not the commercial S3 console; an output in
// the European Sovereign Cloud, which has no console the extension knows, opens nothing and says so.
import { defaultFleet, uuidFrom } from '../../emulator/defaultFleet';
import type { InstanceAssociationStatusInfo } from '../../emulator/fleet';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const CHINA = 'cn-north-1';
const NODE = 'i-0c1a2b3c4d5e6f701';
const BUCKET = 'ssm-output-cn';
const row = (name: string, outputUrl: string): InstanceAssociationStatusInfo => {
  const id = uuidFrom(`${NODE}/${name}`);
  return {
    AssociationId: id,
    AssociationName: name,
    Name: 'AWS-RunShellScript',
    DocumentVersion: '$DEFAULT',
    AssociationVersion: '1',
    InstanceId: NODE,
    ExecutionDate: '2026-11-30T08:00:00.000Z',
    Status: 'Success',
    DetailedStatus: 'Success',
    OutputUrl: { S3OutputUrl: { OutputUrl: outputUrl.replace('{id}', id) } },
  };
};
const ROWS = [
  row('china-hardening', `https://s3.${CHINA}.amazonaws.com.cn/${BUCKET}/ssm/${NODE}/{id}/awsrunShellScript`),
  row('sovereign-backup', `https://${BUCKET}.s3.eusc-de-east-1.amazonaws.eu/ssm/${NODE}/{id}/awsrunShellScript`),
];

const scenario: Scenario = {
  name: '22-open-s3-output-partitions',
  async run(ctx) {
    const fleet = defaultFleet();
    fleet.accounts.find((a) => a.name === 'demo')!.regions[CHINA] = [{ InstanceId: NODE, ComputerName: 'web-cn.example.internal', associations: ROWS }];
    await ctx.launch({ fleet, userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [{ id: NODE, region: CHINA }] } });
    const page = ctx.page;
    await ui.stubExternalPages(ctx.editor.context, ctx.editor.url);

    await ctx.step('expand the China node', async () => {
      await ui.expand(page, NODE);
      await ui.waitForRow(page, 'china-hardening');
    });

    await ctx.step('a China bucket opens the China console, at its bucket, prefix and region', async () => {
      const url = new URL(await ui.captureExternalPage(page, () => ui.pickContextMenu(page, ui.row(page, 'china-hardening').first(), 'Open S3 Output')));
      expectEqual(url.host, 'console.amazonaws.cn', 'host');
      expectEqual(decodeURIComponent(url.pathname), `/s3/buckets/${BUCKET}`, 'path');
      expectEqual(url.searchParams.get('region'), CHINA, 'region');
      expectEqual(url.searchParams.get('prefix'), `ssm/${NODE}/${ROWS[0].AssociationId}/awsrunShellScript/`, 'prefix');
      await ctx.screenshot('china-console');
      await ui.clearNotifications(page);
    });

    await ctx.step('a European Sovereign Cloud bucket: no page opens, a message says there is no known console', async () => {
      await ui.expectNoExternalPage(page, () => ui.pickContextMenu(page, ui.row(page, 'sovereign-backup').first(), 'Open S3 Output'), 2000);
      const msg = await ui.waitForNotification(page, 'No S3 console link for');
      expect(/^No S3 console link for s3:\/\/ssm-output-cn\/.*: eusc-de-east-1 is in the AWS European Sovereign Cloud, which has no public AWS console/.test(msg), `message: ${msg}`);
    });
  },
};
export default scenario;
