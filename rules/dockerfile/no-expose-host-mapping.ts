import { defineRule, message } from '../languages/define-rule.js';
import { instructionArguments, ownOrTrigger, resolveAt, splitPortSpec } from '../languages/dockerfile.js';

interface FixData {
  /** What the word becomes: the container port (and protocol) only. */
  replacement: string | undefined;
}

/** `127.0.0.1:8080:80/tcp` → `80/tcp`, as written (quotes kept); undefined when variables make the split unsure. */
function containerPart(written: string): string | undefined {
  const quote = written[0] === '"' || written[0] === "'" ? written[0] : '';
  const inner = quote && written.endsWith(quote) && written.length >= 2 ? written.slice(1, -1) : written;
  if (inner.includes('$')) return undefined;
  const { containerPort, proto } = splitPortSpec(inner);
  if (!/^\d+(-\d+)?$/.test(containerPort)) return undefined;
  return `${quote}${containerPort}${proto !== undefined ? `/${proto}` : ''}${quote}`;
}

export default defineRule({
  meta: {
    code: 'DF055',
    name: 'no-expose-host-mapping',
    language: 'dockerfile',
    scope: 'unit',
    title: 'EXPOSE with a host IP or host port',
    why:
      'EXPOSE only documents which container ports the image listens on; an IP address or host port in it is ' +
      'ignored, so a port the author meant to keep on 127.0.0.1 is published on every interface by `docker run -P`.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'correctness'],
    others: {
      buildkit: ['ExposeInvalidFormat'],
    },
    messages: {
      mapping: message(
        'EXPOSE {{spec}} names a host {{what}}, which EXPOSE ignores: it cannot bind a port to an address or choose the ',
        'host port. Expose the container port only and publish it with `docker run -p {{hint}}` or Compose `ports:`.',
      ),
    },
    fix: 'safe',
  },
  *check({ model }) {
    // Every stage: the mistake is the same wherever it is written, and BuildKit warns on each.
    for (const instr of model.instructions) {
      const expose = ownOrTrigger(instr, 'EXPOSE');
      if (!expose) continue;
      const { node, onbuild } = expose;
      for (const word of instructionArguments(model.file, node)) {
        const raw = word.value.replace(/^(["'])(.*)\1$/s, '$2');
        if (!raw.includes(':') && !raw.includes('$')) continue;
        // `${PORT:-8080}` holds a colon that is not a mapping: decide on the substituted value.
        const resolved = onbuild ? { value: raw, unknown: raw.includes('$') } : resolveAt(model, instr, raw);
        if (resolved.unknown || !resolved.value.includes(':')) continue;
        const { ip, hostPort, containerPort } = splitPortSpec(resolved.value);
        const what = ip ? 'IP address' : 'port';
        const hint = `${ip ? `${ip}:` : ''}${hostPort ?? containerPort}:${containerPort}`;
        const fixData: FixData = { replacement: containerPart(word.value) };
        yield { messageId: 'mapping', span: word.span, data: { spec: word.value, what, hint }, fixData };
      }
    }
  },
  fix(report) {
    const { replacement } = report.fixData;
    if (replacement === undefined) return [];
    // EXPOSE never published anything, so keeping only the container port changes no behaviour.
    return [
      {
        title: `Keep only the container port (${replacement})`,
        safe: true,
        edits: [{ start: report.span.start, end: report.span.end, text: replacement }],
      },
    ];
  },
});
