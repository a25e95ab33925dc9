import type { Flag, Instruction } from 'dockerfile-ast';
import { defineRule, message } from '../languages/define-rule.js';

/** Destinations where the app is expected to write: owning them is the point. */
const DATA_DIRS = /^(~|\/home\/|\/tmp(\/|$)|\/var\/(lib|cache|log|run|tmp|spool)(\/|$)|\/run(\/|$)|\/data(\/|$))/;

type CopyNode = Instruction & { getFlags?(): Flag[] };

export default defineRule({
  meta: {
    code: 'DF014',
    name: 'no-chown-to-runtime-user',
    language: 'dockerfile',
    scope: 'unit',
    title: 'COPY --chown gives the runtime user its own code',
    why:
      'Files owned by the user the container runs as can be rewritten by that process: a code-execution bug can then ' +
      'plant a backdoor in the app itself. Keep code root-owned and read-only; chown only the directories it writes to.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'filesystem', 'CWE-732'],
    others: {
      kics: ['Chown Flag Exists'],
    },
    messages: {
      chown: message(
        '`{{keyword}} --chown={{owner}}` makes {{dest}} owned by {{user}}, the user the container runs as, so the running app can rewrite it. ',
        'Leave code owned by root (files stay readable) and chown only the directories the app writes to.',
      ),
    },
  },
  *check({ model }) {
    const stage = model.finalStage;
    if (!stage) return;
    const runtime = model.stageUser(stage);
    if (runtime?.isRoot !== false) return;
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const node = instr.node as CopyNode;
      const flag = node.getFlags?.().find((f) => f.getName().toLowerCase() === 'chown');
      const owner = flag?.getValue();
      if (!flag || !owner || owner.includes('$')) continue;
      const user = owner.split(':')[0];
      if (user !== runtime.user) continue;
      const args = node.getArguments();
      const dest = args.length ? args[args.length - 1].getValue() : '';
      if (DATA_DIRS.test(dest)) continue;
      yield {
        messageId: 'chown',
        span: model.file.spanOf(flag.getRange()),
        data: { keyword: instr.keyword, owner, dest: dest || 'the destination', user: runtime.value },
      };
    }
  },
});
