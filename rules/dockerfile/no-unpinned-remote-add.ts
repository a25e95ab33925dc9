import { defineRule, message } from '../languages/define-rule.js';
import { copyInstructions, type CopySource } from '../languages/copy-add.js';

/** A full commit id (SHA-1 or SHA-256 object name). */
const COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

/** The ref a git source asks for: `#ref[:subdir]`, or BuildKit's `?ref=…&commit=…` query form. */
function gitRef(url: string): { ref: string | undefined; pinned: boolean } {
  const q = url.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(url.slice(q + 1).split('#')[0]);
    const commit = params.get('commit') ?? params.get('checksum');
    if (commit && COMMIT.test(commit)) return { ref: commit, pinned: true };
    const ref = params.get('ref') ?? params.get('tag') ?? params.get('branch') ?? undefined;
    if (ref) return { ref, pinned: COMMIT.test(ref) };
  }
  const hash = url.indexOf('#');
  if (hash < 0) return { ref: undefined, pinned: false };
  const ref = url.slice(hash + 1).split(':')[0];
  return { ref: ref || undefined, pinned: COMMIT.test(ref) };
}

function shown(s: CopySource): string {
  const v = s.value ?? s.raw;
  return v.length > 80 ? `${v.slice(0, 77)}…` : v;
}

export default defineRule({
  meta: {
    code: 'DF031',
    name: 'no-unpinned-remote-add',
    language: 'dockerfile',
    scope: 'unit',
    title: 'ADD of a remote URL or git ref without a checksum',
    why:
      'ADD fetches the URL or repository at build time and trusts whatever comes back. Without --checksum (or a ' +
      'pinned commit) a changed or compromised source silently changes the image.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'CIS-4.9', 'CIS-4.12', 'CWE-494'],
    others: {
      checkov: ['CKV_DOCKER_4'],
      kics: ['Curl or Wget Instead of Add'],
    },
    messages: {
      url: message('ADD downloads {{url}} without --checksum: the build takes whatever the server returns. ', 'Add `--checksum=sha256:<digest>` (Dockerfile syntax 1.6+).'),
      gitRef: 'ADD clones {{url}} at {{ref}}, which can move: pin a commit (`#<full commit sha>`) or add `--checksum=<commit sha>`.',
      gitDefault: 'ADD clones {{url}} at its default branch, which moves with every push: pin a commit (`#<full commit sha>`).',
    },
  },
  *check({ model }) {
    for (const c of copyInstructions(model)) {
      if (c.keyword !== 'ADD') continue;
      const checksum = c.flags.some((f) => f.name === 'checksum' && f.value);
      if (checksum) continue;
      for (const s of c.sources) {
        if (s.kind === 'url') {
          yield { messageId: 'url', span: s.span, data: { url: shown(s) } };
        } else if (s.kind === 'git') {
          const { ref, pinned } = gitRef(s.value ?? s.raw);
          if (pinned) continue;
          if (ref) yield { messageId: 'gitRef', span: s.span, data: { url: shown(s).split(/[#?]/)[0], ref } };
          else yield { messageId: 'gitDefault', span: s.span, data: { url: shown(s) } };
        }
      }
    }
  },
});
