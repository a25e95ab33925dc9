/**
 * Every rule fed long runs of the characters and words its regexes repeat (where backtracking
 * shows), where rules look: a Dockerfile and a Compose file with the run in every instruction, flag, value, heredoc
 * body and key. A rule is slow on a run when it takes over a threshold at `length` AND more than
 * three times as long when the run doubles (quadratic or worse), so a busy machine or a linear
 * rule with much to do is not taken for a backtracking one. Run by `npm run fuzz` (minutes).
 */
import { type LanguageId, lintText } from '../../rules/api.js';
import { inventory, runMaterial } from './regex-inventory.js';

const dockerfile = (x: string) => `# syntax=docker/dockerfile:1
# ${x}
ARG AX=${x}
FROM ${x} AS ${x}
FROM alpine:3.20
ENV A=${x} B ${x}
LABEL a=${x}
WORKDIR ${x}
USER ${x}
EXPOSE ${x}
COPY ${x} ${x}
ADD ${x} ${x}
RUN ${x}
RUN echo ${x} && apt-get install -y ${x} && curl ${x} | sh
RUN --mount=type=secret,id=${x},target=${x} ${x}
RUN <<EOF
${x}
EOF
COPY <<EOF /etc/x
${x}
EOF
CMD ["${x.replace(/["\\]/g, '\\$&')}"]
HEALTHCHECK CMD ${x}
VOLUME ${x}
ONBUILD RUN ${x}
`;

const compose = (x: string) => {
  const q = JSON.stringify(x);
  return `services:
  ${q}:
    image: ${q}
    user: ${q}
    command: ${q}
    entrypoint: [${q}]
    environment:
      ${q}: ${q}
      PASSWORD: ${q}
    env_file: ${q}
    volumes:
      - ${q}
      - ${JSON.stringify(`/${x}:/x:${x}`)}
    ports: [${q}]
    cap_add: [${q}]
    security_opt: [${q}]
    network_mode: ${q}
    devices: [${q}]
    sysctls: [${q}]
    tmpfs: [${q}]
    build:
      context: ${q}
      args: [${q}]
    labels: [${q}]
    healthcheck:
      test: ${q}
    logging:
      driver: ${q}
    extends:
      service: ${q}
`;
};

/**
 * Rules found superlinear by this sweep and not fixed yet; `npm run fuzz` lists them as known
 * instead of failing. Remove an entry when its rule is fixed (empty since the last one was).
 */
export const KNOWN_SLOW_RULES: Record<string, string> = {};

export interface SlowRule {
  language: LanguageId;
  rule: string;
  run: string;
  ms: number;
  doubledMs: number;
}

/** The runs to try: every character and word the regexes of rules/** repeat. */
export function runs(length: number): { label: string; text: string }[] {
  const chars = new Set<string>();
  const words = new Set<string>();
  for (const r of inventory()) {
    const m = runMaterial(r.source);
    for (const c of m.chars) chars.add(c);
    for (const w of m.words) words.add(w);
  }
  return [
    ...[...chars].map((c) => ({ label: JSON.stringify(c), text: c.repeat(length) })),
    ...[...words].slice(0, 80).map((w) => ({ label: w, text: `${w} `.repeat(Math.ceil(length / (w.length + 1))) })),
  ];
}

function timings(language: LanguageId, run: string): Map<string, number> {
  const x = `${run}\u0001`;
  const result = language === 'dockerfile' ? lintText('/project/Dockerfile', dockerfile(x), 'dockerfile') : lintText('/project/compose.yaml', compose(x), 'compose');
  return new Map(result.timings.map((t) => [t.code, t.ms]));
}

/** Rules that are superlinear on some run; `progress` is called after each run. */
export function sweep(length: number, thresholdMs: number, progress?: (done: number, total: number) => void): SlowRule[] {
  const slow: SlowRule[] = [];
  const all = runs(length);
  all.forEach((r, i) => {
    for (const language of ['dockerfile', 'compose'] as const) {
      const first = timings(language, r.text);
      const suspects = [...first].filter(([, ms]) => ms > thresholdMs);
      if (!suspects.length) continue;
      const doubled = timings(language, r.text + r.text);
      for (const [rule, ms] of suspects) {
        const doubledMs = doubled.get(rule) ?? 0;
        if (doubledMs > 3 * ms) slow.push({ language, rule, run: r.label, ms: Math.round(ms), doubledMs: Math.round(doubledMs) });
      }
    }
    progress?.(i + 1, all.length);
  });
  return slow;
}
