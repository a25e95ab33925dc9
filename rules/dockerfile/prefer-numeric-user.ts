import { defineRule } from '../languages/define-rule.js';
import { imageFamily, windowsDefaultUser } from '../knowledge/image-families.js';
import { type DockerfileModel, type Stage, stageChain } from '../languages/dockerfile.js';
import { argumentWords, commandName, parseArgs, runShells } from '../languages/shell.js';
import { accountValueOptions } from '../knowledge/account-options.js';

interface Ids {
  uids: Map<string, { uid: string; gid?: string; group?: string }>;
  gids: Map<string, string>;
}

const numeric = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);

/** UIDs and GIDs the Dockerfile gives to the users and groups it creates, in the stage chain that ends in `stage`. */
function createdIds(model: DockerfileModel, stage: Stage): Ids {
  const ids: Ids = { uids: new Map(), gids: new Map() };
  for (const s of stageChain(stage).reverse()) {
    for (const run of runShells(model, s)) {
      for (const cmd of run.all) {
        const name = commandName(cmd)?.name;
        if (name !== 'useradd' && name !== 'adduser' && name !== 'groupadd' && name !== 'addgroup') continue;
        const { options, operands } = parseArgs(argumentWords(cmd), { withValue: accountValueOptions(name) });
        // `addgroup user group` / `adduser user group` add a member; they create nothing.
        if (operands.length !== 1) continue;
        const account = operands[0].value;
        const get = (...names: string[]) => options.find((o) => names.includes(o.name))?.value;
        if (name === 'groupadd' || name === 'addgroup') {
          const gid = get('-g', '--gid');
          if (numeric(gid)) ids.gids.set(account, gid!);
          continue;
        }
        const uid = get('-u', '--uid');
        if (!numeric(uid)) continue;
        // useradd -g is the primary group; BusyBox adduser -G is the group.
        const group = name === 'useradd' ? get('-g', '--gid') : (get('-G', '--ingroup') ?? get('--gid'));
        ids.uids.set(account, numeric(group) ? { uid: uid!, gid: group } : { uid: uid!, group });
        // `useradd -U`, BusyBox `adduser` and Debian `adduser --group` create a same-named group with GID = UID only by accident: not assumed.
      }
    }
  }
  return ids;
}

/** Users that well-known images ship with a fixed UID/GID. */
function imageUser(model: DockerfileModel, stage: Stage, user: string): { uid: string; gid: string; source: string } | undefined {
  const base = model.rootBase(stage);
  if (base.kind !== 'image' || !base.image) return undefined;
  const repo = base.image.repository.split('/').pop();
  if (user === 'node' && repo === 'node') return { uid: '1000', gid: '1000', source: 'the node image' };
  if (user === 'nonroot' && imageFamily(base.image) === 'distroless') return { uid: '65532', gid: '65532', source: 'distroless/Chainguard images' };
  if (user === 'nobody') return { uid: '65534', gid: '65534', source: 'Debian, Ubuntu and Alpine' };
  return undefined;
}

/** GID of a USER's group: numeric, created with groupadd/addgroup, or the user's own group when named like it. */
function gidOf(group: string, user: string, ids: Ids, userGid: string | undefined): string | undefined {
  if (numeric(group)) return group;
  return ids.gids.get(group) ?? (group === user ? userGid : undefined);
}

interface FixData {
  start: number;
  end: number;
  value: string;
  source: string;
}

export default defineRule({
  meta: {
    code: 'DF010',
    name: 'prefer-numeric-user',
    language: 'dockerfile',
    title: 'USER given by name, not numeric UID',
    why:
      'Kubernetes runAsNonRoot and similar admission checks cannot tell whether a user name is root without a UID; ' +
      'a numeric USER also does not depend on /etc/passwd inside the image.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'privilege', 'CIS-4.1'],
    others: {
      hadolint: ['DL3066'],
    },
    messages: {
      named: 'USER {{user}} is a name: use its numeric UID{{hint}} so runAsNonRoot checks can verify it is not root.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    const stage = model.finalStage;
    if (!stage) return;
    const setting = model.stageUser(stage);
    // Root is DF001's concern; a variable cannot be judged.
    if (setting?.isRoot !== false) return;
    if (numeric(setting.user) && (setting.group === undefined || numeric(setting.group))) return;
    // Windows users (ContainerUser) have no numeric id, and Kubernetes' runAsNonRoot does not apply to them.
    const base = model.rootBase(stage);
    if (base.kind === 'image' && windowsDefaultUser(base.image)) return;
    const argsRange = setting.instr.node.getArgumentsRange();
    const span = argsRange ? model.file.spanOf(argsRange) : setting.instr.span;
    const raw = model.file.text.slice(span.start, span.end);
    let fixData: FixData | undefined;
    // Only a literal USER is rewritten; `USER $NAME` with a default stays as written.
    if (!raw.includes('$')) {
      const ids = createdIds(model, stage);
      const created = ids.uids.get(setting.user);
      const known = imageUser(model, stage, setting.user);
      const uid = numeric(setting.user) ? setting.user : (created?.uid ?? known?.uid);
      const gid = setting.group === undefined ? undefined : gidOf(setting.group, setting.user, ids, created?.gid ?? known?.gid);
      if (uid && (setting.group === undefined || gid)) {
        const value = gid ? `${uid}:${gid}` : uid;
        fixData = { start: span.start, end: span.end, value, source: created ? 'created in this file' : (known?.source ?? '') };
      }
    }
    const hint = fixData ? ` (${fixData.value})` : '';
    yield { messageId: 'named', span: setting.instr.span, data: { user: setting.value, hint }, fixData };
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [
      {
        title: `Use USER ${data.value}${data.source ? ` (${data.source})` : ''}`,
        safe: false,
        edits: [{ start: data.start, end: data.end, text: data.value }],
      },
    ];
  },
});
