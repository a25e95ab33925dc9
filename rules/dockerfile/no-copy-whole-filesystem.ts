import type { Flag } from 'dockerfile-ast';
import { defineRule, message } from '../languages/define-rule.js';
import { instructionArguments, execForm, stageChain } from '../languages/dockerfile.js';

/** True for `/`, `/.`, `//`, `"/"`… : the root of the source or target file system. */
function isRoot(path: string): boolean {
  const p = path.replace(/^(["'])(.*)\1$/s, '$2');
  return p !== '' && /^\/[/.]*$/.test(p) && !p.includes('..');
}

export default defineRule({
  meta: {
    code: 'DF061',
    name: 'no-copy-whole-filesystem',
    language: 'dockerfile',
    title: 'COPY --from copies a whole file system',
    why:
      'Copying `/` of another stage or image over `/` brings everything that stage had: compilers, package caches, ' +
      'setuid binaries, build secrets left in files. The final image stops being a deliberate selection of files.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CIS-4.8'],
    others: {
      hadolint: ['DL3067'],
    },
    messages: {
      wholeFs: message(
        'COPY --from={{from}} / / copies the whole file system of {{from}}, with its tools, caches, setuid binaries and ',
        'any secrets left in files. Copy only the directories the application needs (binaries, /etc/ssl/certs, …).',
      ),
    },
  },
  *check({ model }) {
    const stage = model.finalStage;
    if (!stage) return;
    // What lands in the image: the final stage and the stages it is built FROM.
    for (const s of stageChain(stage).reverse()) {
      for (const instr of s.instructions) {
        if (instr.keyword !== 'COPY') continue;
        const node = instr.node as typeof instr.node & { getFlags?(): Flag[] };
        const from = node.getFlags?.().find((f) => f.getName().toLowerCase() === 'from');
        const fromValue = from?.getValue();
        if (!from || !fromValue) continue;
        const json = execForm(instr.node);
        const words = instructionArguments(model.file, instr.node);
        const paths = json ?? words.map((w) => w.value);
        if (paths.length < 2) continue;
        const sources = paths.slice(0, -1);
        const target = paths[paths.length - 1];
        const rootIndex = sources.findIndex(isRoot);
        if (rootIndex < 0 || !isRoot(target)) continue;
        // Point at the `/` source when the shell form gives its place, else at the arguments.
        const span = json ? model.file.spanOf(instr.node.getArgumentsRange()!) : words[rootIndex].span;
        yield { messageId: 'wholeFs', span, data: { from: fromValue } };
      }
    }
  },
});
