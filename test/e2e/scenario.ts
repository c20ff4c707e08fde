/**
 * What a scenario gets from the runner: named steps (a failure names its step), one emulator and
 * one editor per launch (both stopped by the runner whatever happens), screenshots, and the data
 * of the fleet to compute what the user should see.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { start, startStack, type Emulator, type RequestLogEntry, type S3Mock } from '../emulator/index';
import type { Fleet, InstanceAssociationStatusInfo } from '../emulator/fleet';
import { defaultFleet, DEMO } from '../emulator/defaultFleet';
import { writeProfiles, type WrittenProfiles } from '../emulator/profiles';
import { startEditor, tmpRoot, type Editor } from './editor';
import * as ui from './ui';

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface LaunchOptions {
  fleet?: Fleet;
  /** ssmAssociations.* and any other user settings. */
  userSettings?: Record<string, unknown>;
  workspaceSettings?: Record<string, unknown>;
  /** Extra environment for code-server (after the emulator's profile variables). */
  env?: Record<string, string>;
  /** Open the SSM Associations view after the workbench is ready (default true). */
  openView?: boolean;
  /** Also start the S3 mock, filled with the fleet's output (AWS_ENDPOINT_URL_S3 points at it). */
  withS3?: boolean;
  /** Another .vsix than the run's (e.g. one packaged with other options). */
  vsix?: string;
  /** Accept self-signed certificates (a local https server in the scenario). */
  ignoreHTTPSErrors?: boolean;
}

export interface Launched {
  editor: Editor;
  page: Page;
  emu: Emulator;
  /** The S3 mock, when launched withS3. */
  s3?: S3Mock;
  profiles: WrittenProfiles;
}

export class ScenarioContext {
  currentStep = 'setup';
  readonly steps: { name: string; ms: number }[] = [];
  private readonly cleanups: (() => Promise<void>)[] = [];
  private launched?: Launched;

  constructor(
    readonly name: string,
    readonly vsix: string,
    readonly resultsDir: string,
  ) {}

  get page(): Page {
    if (!this.launched) throw new Error('no editor launched yet');
    return this.launched.page;
  }

  get emu(): Emulator {
    if (!this.launched) throw new Error('no emulator launched yet');
    return this.launched.emu;
  }

  get editor(): Editor {
    if (!this.launched) throw new Error('no editor launched yet');
    return this.launched.editor;
  }

  /** The AWS config and credentials files the editor was started with (a step may add profiles). */
  get profiles(): WrittenProfiles {
    if (!this.launched) throw new Error('no editor launched yet');
    return this.launched.profiles;
  }

  /** Runs one named step; its name is what the report shows when it fails. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.currentStep = name;
    const t0 = Date.now();
    console.log(`  · ${name}`);
    const result = await fn();
    this.steps.push({ name, ms: Date.now() - t0 });
    return result;
  }

  /** Starts the emulator (default fleet), writes profile files for it, starts the editor with them. */
  async launch(opts: LaunchOptions = {}): Promise<Launched> {
    return this.step('launch editor and emulator', async () => {
      let emu: Emulator;
      let s3: S3Mock | undefined;
      if (opts.withS3) {
        const stack = await startStack({ fleet: opts.fleet ?? defaultFleet(), port: 0 });
        this.cleanups.push(() => stack.stop());
        emu = stack.ssm;
        s3 = stack.s3;
      } else {
        const started = await start({ fleet: opts.fleet ?? defaultFleet(), port: 0 });
        this.cleanups.push(() => started.stop());
        emu = started;
      }
      const dir = fs.mkdtempSync(path.join(tmpRoot(), `${this.name}-aws-`));
      const profiles = writeProfiles(dir, emu.url, s3?.url);
      const editor = await startEditor({
        scenario: this.name,
        vsix: opts.vsix ?? this.vsix,
        ignoreHTTPSErrors: opts.ignoreHTTPSErrors,
        env: { ...profiles.env, ...opts.env },
        userSettings: opts.userSettings,
        workspaceSettings: opts.workspaceSettings,
      });
      this.cleanups.push(() => editor.stop());
      this.launched = { editor, page: editor.page, emu, s3, profiles };
      if (opts.openView !== false) await ui.openView(editor.page);
      return this.launched;
    });
  }

  /** The S3 mock (launch withS3). */
  get s3(): S3Mock {
    if (!this.launched?.s3) throw new Error('no S3 mock launched (launch withS3)');
    return this.launched.s3;
  }

  async screenshot(step: string): Promise<string> {
    return ui.screenshot(this.page, this.resultsDir, step);
  }

  /** The SSM association requests about one node (or all), in order. */
  calls(nodeId?: string): RequestLogEntry[] {
    return this.emu.log.filter((e) => e.operation === 'DescribeInstanceAssociationsStatus' && (nodeId === undefined || e.instanceId === nodeId));
  }

  /** Waits until at least `count` association requests about `nodeId` were answered. */
  async waitForCalls(nodeId: string | undefined, count: number, timeout = ui.DEFAULT_TIMEOUT): Promise<RequestLogEntry[]> {
    return ui.poll(`${count} request(s) about ${nodeId ?? 'any node'} (seen: ${this.calls(nodeId).length})`, async () => {
      const c = this.calls(nodeId);
      return c.length >= count ? c : undefined;
    }, timeout);
  }

  /**
   * Asserts that no further request arrives for `ms` milliseconds. A negative can only be observed
   * over a window; the window is short and the positive path of the same step is awaited first.
   */
  async expectNoMoreCalls(nodeId: string | undefined, already: number, ms = 1500): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    const c = this.calls(nodeId);
    if (c.length !== already) {
      throw new Error(`expected no more requests about ${nodeId ?? 'any node'}, but ${c.length - already} arrived: ${JSON.stringify(c.slice(already))}`);
    }
  }

  async cleanup(): Promise<void> {
    for (const fn of this.cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.log(`  (cleanup: ${String(e)})`);
      }
    }
    this.cleanups.length = 0;
  }
}

/** The default fleet's rows of a node, as the fleet file has them (the order AWS sends them in). */
export function fleetRows(nodeId: string, fleet: Fleet = defaultFleet()): InstanceAssociationStatusInfo[] {
  for (const account of fleet.accounts) {
    for (const nodes of Object.values(account.regions)) {
      const node = nodes.find((n) => n.InstanceId === nodeId);
      if (node) return node.associations ?? [];
    }
  }
  throw new Error(`node ${nodeId} is not in the fleet`);
}

/** The label the tree gives a row (AssociationName, else document Name, else ID). */
export function expectedLabel(row: InstanceAssociationStatusInfo): string {
  return String(row.AssociationName || row.Name || row.AssociationId);
}

export { DEMO };

/**
 * Settings for scenarios about the rows of expanded nodes: no summaries and one flat list (a node
 * with its own profile would otherwise make a group). e2e 12–15 cover summaries and groups.
 */
export const NODE_ROWS_ONLY = { 'ssmAssociations.nodeSummaries': false, 'ssmAssociations.groupBy': 'none' } as const;

/** Assertion with a message that says what the user saw. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
