import { defineRule, message, type ReportOf } from '../languages/define-rule.js';
import type { Fix, ImageFactsView, Span } from '../engine/types.js';
import { imageFamily, runsAsNonRootByDefault, windowsDefaultUser } from '../knowledge/image-families.js';
import { type DInstruction, type DockerfileModel, type Stage, stageChain } from '../languages/dockerfile.js';
import { baseImageUser } from '../image-facts/base-user.js';
import { type ConfigCommand, type RuntimeDrop, configCommand, configServer, inheritsCommand, isExportOnlyStage, noServiceReason, runtimeDrop } from '../knowledge/runtime-user.js';
import { containerCommand } from '../languages/entrypoint.js';
import { stageImageFacts } from '../languages/image-facts.js';
import { argumentWords, commandName, parseArgs, runShell } from '../languages/shell.js';
import { accountValueOptions } from '../knowledge/account-options.js';
import { insertInstructionsEdit } from '../languages/shell-edit.js';

const CHROOT_OPTIONS = new Set(['-R', '--root', '-P', '--prefix']);

/** A user created by `useradd`/`adduser` in the stage chain that ends in `stage`. */
function createdUser(model: DockerfileModel, stage: Stage): string | undefined {
  let found: string | undefined;
  for (const s of stageChain(stage).reverse()) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'RUN') continue;
      for (const cmd of runShell(model, instr)?.all ?? []) {
        const name = commandName(cmd);
        if (!name || (name.name !== 'useradd' && name.name !== 'adduser')) continue;
        const { options, operands } = parseArgs(argumentWords(cmd), { withValue: accountValueOptions(name.name) });
        // `useradd --root /target` creates the user in another tree, not in the image's /etc/passwd.
        if (options.some((o) => CHROOT_OPTIONS.has(o.name))) continue;
        const user = operands[0]?.value;
        if (user && /^[a-z_][a-z0-9_-]*\$?$/i.test(user) && user !== 'root') found = user;
      }
    }
  }
  return found;
}

/** Where `USER` goes: above the first CMD/ENTRYPOINT after the last USER, else at the end of the stage. */
function insertionPoint(model: DockerfileModel, stage: Stage): { offset: number; atEnd: boolean } {
  const { file } = model;
  let startIdx = 0;
  stage.instructions.forEach((i, idx) => {
    if (i.keyword === 'USER') startIdx = idx + 1;
  });
  const target = stage.instructions.slice(startIdx).find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (!target) return { offset: stage.span.end, atEnd: true };
  // Keep a comment block that describes CMD/ENTRYPOINT attached to it.
  let line = file.positionAt(target.span.start).line;
  while (line > 0 && /^\s*#/.test(file.lineText(line - 1))) line--;
  return { offset: file.lineStarts[line], atEnd: false };
}

function addUserFix(model: DockerfileModel, stage: Stage, windows: boolean): Fix | undefined {
  const base = model.rootBase(stage);
  const existing = createdUser(model, stage);
  let lines: string[];
  let title: string;
  if (existing) {
    lines = [`USER ${existing}`];
    title = `Add USER ${existing} (the user this file creates)`;
  } else if (windows || (base.kind === 'image' && windowsDefaultUser(base.image))) {
    lines = ['USER ContainerUser'];
    title = 'Add USER ContainerUser (the unprivileged user of Windows images)';
  } else {
    const family = base.kind === 'scratch' ? 'scratch' : base.kind === 'image' ? imageFamily(base.image) : 'unknown';
    switch (family) {
      case 'alpine':
        lines = ['RUN addgroup -S app && adduser -S -G app app', 'USER app'];
        title = 'Add USER app (created with addgroup/adduser)';
        break;
      case 'debian':
      case 'rhel':
        lines = ['RUN groupadd -r app && useradd -r -g app app', 'USER app'];
        title = 'Add USER app (created with groupadd/useradd)';
        break;
      case 'distroless':
        lines = ['USER nonroot'];
        title = 'Add USER nonroot (the image ships this user)';
        break;
      default:
        lines = ['USER 65532:65532'];
        title = 'Add USER 65532:65532 (numeric, no user database needed)';
    }
  }
  const { offset, atEnd } = insertionPoint(model, stage);
  const edit = insertInstructionsEdit(model, offset, atEnd, lines);
  return edit && { title, safe: false, edits: [edit] };
}

/** The report for a final stage that starts as root (`start` says why), with what the image does about it. */
function rootReport<const Plain>(drop: RuntimeDrop | undefined, start: string, span: Span, plain: Plain) {
  if (drop?.kind === 'confirmed') return undefined;
  if (drop?.kind === 'likely') {
    return { messageId: 'likelyDrop', span, level: 'info', data: { start, tool: drop.tool, line: drop.line, program: drop.program, reason: drop.reason } } as const;
  }
  if (drop?.kind === 'server') return { messageId: 'serverDrops', span, level: 'info', data: { start, program: drop.program } } as const;
  return plain;
}

/** The info for an image with no service of its own (see noServiceReason). */
type NoServiceData = { start: string; why: string; runs: string; user: string; unless: string };

function noServiceReport(span: Span, start: string, why: string, runs: string, user: string, unless: string): ReportOf<{ noServiceOfItsOwn: NoServiceData }> {
  return { messageId: 'noServiceOfItsOwn', span, level: 'info', data: { start, why, runs, user, unless } };
}

/** What the container of an image with no service of its own runs: its REPL, or its base image's command. */
function ownRuns(model: DockerfileModel, stage: Stage, inherited?: ConfigCommand): string {
  if (!inheritsCommand(model, stage)) return `\`${containerCommand(model, stage).commands[0]?.words[0]?.value ?? ''}\``;
  const shown = inherited?.words.join(' ');
  return shown ? `what its base image runs (\`${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}\`)` : 'what its base image runs';
}

/**
 * With facts, an image with no service of its own gets an info: its command is a shell or REPL, or it
 * sets none and its base config's is one, or is a server with unprivileged workers. Undefined: the
 * usual checks decide (it runs a program of its own, or its base's command is a service).
 */
function inheritedFromFacts(
  model: DockerfileModel,
  stage: Stage,
  view: ImageFactsView | undefined,
  user: string,
  start: string,
  span: Span,
): ReportOf<{ noServiceOfItsOwn: NoServiceData; serverDrops: { start: string; program: string } }> | undefined {
  const known = stageImageFacts(model, stage, view);
  if (!known) return undefined;
  const command = configCommand(known.facts);
  const unless = command.hasEntrypoint ? ' unless its entrypoint steps down' : '';
  if (!inheritsCommand(model, stage)) {
    const why = noServiceReason(model, stage);
    return why ? noServiceReport(span, start, why, ownRuns(model, stage), user, unless) : undefined;
  }
  if (command.interactive) return noServiceReport(span, start, 'no CMD or ENTRYPOINT', ownRuns(model, stage, command), user, unless);
  const server = configServer(command);
  if (server && user === 'root') return { messageId: 'serverDrops', span, level: 'info', data: { start, program: server } };
  return undefined;
}

export default defineRule({
  meta: {
    code: 'DF001',
    name: 'no-root-user',
    language: 'dockerfile',
    title: 'Final stage runs as root',
    why:
      'A container whose image never switches to another user runs its process as root. Any code ' +
      'execution bug then has root inside the container, and one kernel or runtime escape away from the host.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CIS-4.1', 'CWE-250'],
    others: {
      hadolint: ['DL3002'],
      trivy: ['DS-0002'],
      checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'],
      kics: ['Missing User Instruction', "Last User Is 'root'"],
    },
    messages: {
      noUser: 'The final stage never sets USER, so the container runs as root.',
      rootUser: 'The final stage ends with USER {{user}}, so the container runs as root.',
      imageRoot: "The final stage never sets USER, and its base image {{image}} runs as root: the image's config sets {{config}} ({{source}}).",
      windowsAdmin: 'The final stage never sets USER, so the container runs as ContainerAdministrator, the default of {{image}}. Add `USER ContainerUser`.',
      imageWindowsAdmin: message(
        "The final stage never sets USER, and its base image {{image}} runs as ContainerAdministrator: the image's config sets {{config}} ({{source}}). ",
        'Add `USER ContainerUser`.',
      ),
      likelyDrop: message(
        '{{start}}, so the container starts as root. The image has {{tool}} (line {{line}}), so {{program}} probably ',
        'runs the service as another user, but Bosun could not read it: {{reason}}.',
      ),
      noServiceOfItsOwn: message(
        '{{start}} and has no service of its own to run ({{why}}), like a base or toolchain image: its container runs {{runs}}, as ',
        '{{user}}{{unless}}. Set a USER here if this image is run as it is; images built FROM it should set their own.',
      ),
      serverDrops: message(
        '{{start}}, so {{program}} starts as root. It runs the code that handles requests as the unprivileged user its ',
        'configuration names, but its master process keeps root: run it as a non-root user if the image supports that.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model, path, files, imageFacts }) {
    const stage = model.finalStage;
    if (!stage || isExportOnlyStage(stage)) return;
    const user = model.stageUser(stage);
    if (user) {
      if (!user.isRoot) return;
      const plain = { messageId: 'rootUser', span: user.instr.span, data: { user: user.value } } as const;
      const report = rootReport(runtimeDrop(model, stage, path, files), `The final stage ends with USER ${user.value}`, user.instr.span, plain);
      if (report) yield report;
      return;
    }
    const from: DInstruction = stage.from;
    const firstLineEnd = model.file.lineEnd(model.file.positionAt(from.span.start).line);
    const span = { start: from.span.start, end: Math.min(from.span.end, firstLineEnd) };
    // The base image's own config, when the front-end has it, beats what its name suggests; an
    // entrypoint that steps down from root still counts, as it does without facts.
    const fromFacts = baseImageUser(model, stage, imageFacts);
    if (fromFacts) {
      if (fromFacts.runsAs === 'user') return;
      const { data } = fromFacts;
      const start = `The final stage never sets USER, and the config of its base image ${data.image} sets ${data.config} (${data.source})`;
      const inherited = inheritedFromFacts(model, stage, imageFacts, fromFacts.runsAs === 'windowsAdmin' ? 'ContainerAdministrator' : 'root', start, span);
      if (inherited) {
        yield inherited;
        return;
      }
      if (fromFacts.runsAs === 'windowsAdmin') {
        yield { messageId: 'imageWindowsAdmin', span, data };
        return;
      }
      const report = rootReport(runtimeDrop(model, stage, path, files), start, span, { messageId: 'imageRoot', span, data });
      if (report) yield report;
      return;
    }
    const base = model.rootBase(stage);
    // An unknowable base (FROM $IMAGE with no default) or one that runs as non-root by convention.
    if (base.kind === 'image' && (base.unknown || runsAsNonRootByDefault(base.image))) return;
    const windowsUser = base.kind === 'image' ? windowsDefaultUser(base.image) : undefined;
    if (windowsUser === 'ContainerUser') return;
    // A base or toolchain image, or a thin extension of another image: what runs, and as whom, is its base's.
    const why = base.kind === 'image' ? noServiceReason(model, stage) : undefined;
    if (why) {
      const unless = windowsUser ? ' unless that image sets a USER' : ' unless that image sets a USER or steps down in its entrypoint';
      yield noServiceReport(span, 'The final stage never sets USER', why, ownRuns(model, stage), windowsUser ?? 'root', unless);
      return;
    }
    if (windowsUser && base.kind === 'image') {
      yield { messageId: 'windowsAdmin', span, data: { image: base.text } };
      return;
    }
    const report = rootReport(runtimeDrop(model, stage, path, files), 'The final stage never sets USER', span, { messageId: 'noUser', span });
    if (report) yield report;
  },
  fix(report, { model }) {
    const stage = model.finalStage;
    const fix = stage && addUserFix(model, stage, report.messageId === 'imageWindowsAdmin');
    return fix ? [fix] : [];
  },
});
