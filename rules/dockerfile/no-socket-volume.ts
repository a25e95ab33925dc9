import { defineRule, message } from '../languages/define-rule.js';
import { instructionArguments, execForm, ownOrTrigger, resolveAt, stageChain } from '../languages/dockerfile.js';

/** Socket files of container runtimes: whoever can talk to one controls every container on the host. */
const SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock', 'podman.sock'];

/** The runtime socket a VOLUME path names, also in the `host:container` form people borrow from `docker run -v`. */
function socketIn(path: string): string | undefined {
  for (const part of path.split(':')) {
    const name =
      part
        .replace(/(?<!\/)\/+$/, '')
        .split('/')
        .pop() ?? '';
    const socket = SOCKETS.find((s) => name === s || name.endsWith(`-${s}`) || name.endsWith(`.${s}`));
    if (socket) return socket;
  }
  return undefined;
}

export default defineRule({
  meta: {
    code: 'DF058',
    name: 'no-socket-volume',
    language: 'dockerfile',
    title: 'VOLUME for a container runtime socket',
    why:
      "A VOLUME at /var/run/docker.sock (or another runtime socket) means the image expects the host's Docker socket " +
      'mounted in: whoever controls the container then controls the Docker daemon, which is root on the host.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CIS-5.32', 'CWE-250'],
    others: {
      semgrep: ['dockerfile-dockerd-socket-mount'],
    },
    messages: {
      socket: message(
        'VOLUME {{path}} expects the runtime socket {{socket}} to be mounted: the container could then start privileged ',
        'containers and take over the host. Use an API proxy that allows only the calls needed, or rootless Docker.',
      ),
    },
  },
  *check({ model }) {
    const stage = model.finalStage;
    if (!stage) return;
    // VOLUME is image metadata: the final stage and the stages it is built FROM (and their ONBUILD triggers).
    for (const s of stageChain(stage).reverse()) {
      for (const instr of s.instructions) {
        const volume = ownOrTrigger(instr, 'VOLUME');
        if (!volume) continue;
        const { node, onbuild } = volume;
        const json = execForm(node);
        const range = node.getArgumentsRange();
        const items = json
          ? json.map((value) => ({ value, span: range ? model.file.spanOf(range) : instr.span }))
          : instructionArguments(model.file, node).map((w) => ({ value: w.value.replace(/^(["'])(.*)\1$/s, '$2'), span: w.span }));
        for (const item of items) {
          const path = onbuild ? item.value : resolveAt(model, instr, item.value).value;
          const socket = socketIn(path);
          if (socket) yield { messageId: 'socket', span: item.span, data: { path: item.value, socket } };
        }
      }
    }
  },
});
