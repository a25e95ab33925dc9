import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix } from '../engine/types.js';
import { type ArgumentWord, type DInstruction, type DockerfileModel, instructionArguments, ownOrTrigger, resolveAt, splitPortSpec, stageChain } from '../languages/dockerfile.js';
import { instructionSite, removeArgumentsEdits, removeInstructionEdit } from '../languages/shell-edit.js';

interface FixData {
  instr: DInstruction;
  /** Indexes of the EXPOSE words that expose port 22. */
  remove: number[];
  total: number;
}

function unquote(word: string): string {
  return word.length >= 2 && (word[0] === '"' || word[0] === "'") && word[word.length - 1] === word[0] ? word.slice(1, -1) : word;
}

/** True when the port spec exposes container port 22 (`22`, `22/tcp`, `2222:22`…). */
function isSshPort(model: DockerfileModel, instr: DInstruction, word: ArgumentWord, onbuild: boolean): boolean {
  const raw = unquote(word.value);
  // ONBUILD runs in a child image whose variables are unknown here.
  const resolved = onbuild ? { value: raw, unknown: /\$/.test(raw) } : resolveAt(model, instr, raw);
  if (resolved.unknown) return false;
  const { containerPort, proto } = splitPortSpec(resolved.value);
  return containerPort === '22' && (proto === undefined || /^(tcp|udp|sctp)$/i.test(proto));
}

export default defineRule({
  meta: {
    code: 'DF053',
    name: 'no-expose-ssh',
    language: 'dockerfile',
    title: 'Image exposes the SSH port 22',
    why:
      'Exposing port 22 says the container runs an SSH server: one more daemon, credentials and keys to manage, ' +
      'and a way into the container that bypasses `docker exec` and its audit trail.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CIS-5.7'],
    others: {
      trivy: ['DS-0004'],
      checkov: ['CKV_DOCKER_1'],
      kics: ['Exposing Port 22 (SSH)'],
    },
    messages: {
      ssh: message(
        'EXPOSE {{port}} announces an SSH server in the container. Containers are reached with `docker exec` ',
        '(or `kubectl exec`), not SSH; drop the SSH server and this port.',
      ),
      onbuild: 'ONBUILD EXPOSE {{port}} makes every image built FROM this one announce an SSH server.',
    },
    fix: 'safe',
  },
  *check({ model }) {
    const stage = model.finalStage;
    if (!stage) return;
    // EXPOSE is image metadata: only the final stage and the stages it is built FROM reach the image.
    for (const s of stageChain(stage).reverse()) {
      for (const instr of s.instructions) {
        const expose = ownOrTrigger(instr, 'EXPOSE');
        if (!expose) continue;
        const { node, onbuild } = expose;
        const words = instructionArguments(model.file, node);
        const remove = words.flatMap((w, i) => (isSshPort(model, instr, w, onbuild) ? [i] : []));
        if (!remove.length) continue;
        const fixData: FixData = { instr, remove, total: words.length };
        for (const i of remove) {
          yield { messageId: onbuild ? 'onbuild' : 'ssh', span: words[i].span, data: { port: words[i].value }, fixData };
        }
      }
    }
  },
  fix(report, { model }) {
    const { instr, remove, total } = report.fixData;
    const expose = ownOrTrigger(instr, 'EXPOSE');
    if (!expose) return [];
    const { node, onbuild } = expose;
    // EXPOSE only documents ports (publishing is `docker run -p`), so dropping 22 changes nothing at run time.
    let edits: Edit[];
    let title: string;
    if (remove.length === total) {
      edits = [removeInstructionEdit(model, instr)];
      title = `Remove the ${onbuild ? 'ONBUILD EXPOSE' : 'EXPOSE'} of port 22`;
    } else {
      const cut = removeArgumentsEdits(instructionSite(model, instr), instructionArguments(model.file, node), new Set(remove));
      if (!cut) return [];
      edits = cut;
      title = 'Remove port 22 from EXPOSE';
    }
    const fix: Fix = { title, safe: true, edits };
    return [fix];
  },
});
