/**
 * The images a linted file pulls, with the platform it pulls them for: every Dockerfile stage's
 * base image (`--platform` honoured), every Compose service's `image:` (`platform:` honoured) and
 * the base image of the Dockerfile a service builds. What image facts are fetched for (CLI refresh,
 * the editor's background fetch) and what hover shows facts on.
 */
import {
  builtDockerfile,
  type ComposeModel,
  DEFAULT_PLATFORM,
  type DockerfileModel,
  type FilesView,
  imageFactsKey,
  type ImageSite,
  type LintResult,
  normalisePlatform,
  type Span,
  stageImage,
} from '../../../rules/api.js';

export interface FileImageSite extends ImageSite {
  /** The span is in another file (the Dockerfile a Compose service builds): not for hover here. */
  elsewhere?: boolean;
  /** Only hover shows its facts (Compose `image:`): no rule reads them, so their arrival needs no lint. */
  hoverOnly?: boolean;
}

function dockerfileSites(model: DockerfileModel): FileImageSite[] {
  const out: FileImageSite[] = [];
  for (const stage of model.stages) {
    if (stage.base.kind !== 'image') continue;
    const site = stageImage(model, stage);
    if (site) out.push(site);
  }
  return out;
}

function composeSites(model: ComposeModel, files: FilesView | undefined): FileImageSite[] {
  const out: FileImageSite[] = [];
  for (const own of model.services) {
    const svc = model.effective(own.name);
    if (!svc) continue;
    const platformValue = svc.get('platform')?.interpolated();
    const platform = (platformValue && !platformValue.unknown && normalisePlatform(platformValue.value)) || DEFAULT_PLATFORM;
    const image = svc.get('image');
    const text = image?.interpolated();
    const span: Span | undefined = image?.span;
    if (image && text && !text.unknown && span && !svc.get('build')) {
      const key = imageFactsKey(text.value, platform);
      if (key) out.push({ text: text.value.trim(), span, platform, key, hoverOnly: true });
    }
    const built = svc.get('build') ? builtDockerfile(model, svc, files) : undefined;
    const site = built && stageImage(built.model, built.stage);
    if (site) out.push({ ...site, elsewhere: true });
  }
  return out;
}

/** Every image site of a lint result's model (none when it has no model). */
export function imageSitesOf(result: LintResult, files?: FilesView): FileImageSite[] {
  if (result.model === undefined) return [];
  if (result.languageId === 'dockerfile') return dockerfileSites(result.model as DockerfileModel);
  if (result.languageId === 'compose') return composeSites(result.model as ComposeModel, files);
  return [];
}
