import * as vscode from 'vscode';
import { defaultProfileName } from '../aws/profileName';
import type { Backend } from '../aws/contract';
import { plainLine } from '../core/text';
import type { Settings } from './configuration';

/** The status-bar item: the active profile and region; clicking it opens Select Profile. */
export class ProfileStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ssmAssociations.profile', vscode.StatusBarAlignment.Left, 10);
  private version = 0;

  constructor() {
    this.item.name = 'SSM Associations profile';
    this.item.command = 'ssmAssociations.selectProfile';
  }

  /** Shows the settings now; the profile's own region is filled in once the backend is loaded. */
  update(settings: Settings, backend: Promise<Backend> | undefined): void {
    const version = ++this.version;
    const profile = settings.profile ?? defaultProfileName();
    const render = (region: string | undefined) => {
      if (version !== this.version) return;
      // The profile name and region come from settings and profile files; the status bar renders $(icon).
      const shownProfile = plainLine(profile, 40);
      const shownRegion = plainLine(region, 30);
      this.item.text = `$(cloud) ${shownProfile}${shownRegion ? ` · ${shownRegion}` : ''}`;
      this.item.tooltip = `SSM Associations: profile ${settings.profile !== undefined ? shownProfile : `${shownProfile} (default credential chain)`}, region ${shownRegion || 'not resolved yet'}. Click to choose a profile.`;
      this.item.show();
    };
    render(settings.region);
    if (!settings.region && backend) {
      backend.then((b) => b.resolveRegion(settings.profile)).then(render, () => render(undefined));
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
