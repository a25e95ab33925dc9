/**
 * `bosun.dockerfile.languageFeatures`: whether Bosun's server also answers Dockerfile completion,
 * instruction hovers, formatting, document symbols and semantic highlighting. `auto` turns them on
 * only where no other Dockerfile language server runs — off when Docker's or Microsoft's container
 * extension is installed (they bring their own), so nobody sees two completion lists. On vscode.dev
 * those extensions cannot run, so `auto` means on there.
 */
import * as vscode from 'vscode';

/** Extensions with their own Dockerfile language server. */
export const DOCKERFILE_EXTENSIONS = ['docker.docker', 'ms-azuretools.vscode-docker', 'ms-azuretools.vscode-containers'];

export type FeaturesSetting = 'auto' | 'on' | 'off';

export function featuresSetting(): FeaturesSetting {
  const value = vscode.workspace.getConfiguration('bosun').get<string>('dockerfile.languageFeatures');
  return value === 'on' || value === 'off' ? value : 'auto';
}

/** The installed extensions (of DOCKERFILE_EXTENSIONS) that provide Dockerfile language features. */
export function otherDockerfileServers(): string[] {
  return DOCKERFILE_EXTENSIONS.filter((id) => vscode.extensions.getExtension(id) !== undefined);
}

export function dockerfileFeaturesWanted(): boolean {
  const setting = featuresSetting();
  return setting === 'on' || (setting === 'auto' && otherDockerfileServers().length === 0);
}
