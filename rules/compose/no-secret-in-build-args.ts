import { isMap, isPair, isSeq, type Node, type Pair } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix } from '../engine/types.js';
import { secretId } from '../knowledge/secret-id.js';
import { isNonSecretValue, isSecretName } from '../knowledge/secrets.js';
import type { ComposeModel, EffectiveService } from '../languages/compose.js';
import { joinInsertions, removePair, removeSeqItem } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { nodeSpan } from '../languages/compose-file.js';
import { buildArgItems, type KeyValueItem } from '../languages/compose-key-values.js';
import { committed, findKnownToken, findUrlCredentials, grantSecretEdits } from '../shared/compose-secrets.js';

type Finding = { messageId: 'secretName' | 'literalSecret' | 'token' | 'urlCredentials'; kind?: string };

/** What is wrong with a build arg, if anything. */
function judge(item: KeyValueItem): Finding | undefined {
  const v = item.value === null ? undefined : committed(item.value);
  if (isSecretName(item.key)) {
    // Whatever its source, a secret passed as a build arg is kept in the image history.
    if (!v || v.unknown) return { messageId: 'secretName' };
    if (isNonSecretValue(v.marked)) return undefined;
    return { messageId: 'literalSecret', kind: findKnownToken(v.marked)?.kind };
  }
  if (!v) return undefined;
  const token = findKnownToken(v.marked);
  if (token) return { messageId: 'token', kind: token.kind };
  return findUrlCredentials(v.marked) ? { messageId: 'urlCredentials' } : undefined;
}

/** `${NAME}` / `$NAME` alone: the value comes from that variable of the shell or .env. */
function passThrough(value: string | null, key: string): string | undefined {
  if (value === null) return key;
  return /^\$\{(\w+)\}$|^\$(\w+)$/
    .exec(value.trim())
    ?.slice(1)
    .find((x) => x !== undefined);
}

function moveToBuildSecretFix(model: ComposeModel, svc: EffectiveService, item: KeyValueItem): Fix | undefined {
  const build = svc.get('build');
  const args = svc.at('build.args');
  const buildMap = build?.last.entry.value;
  const keySpan = nodeSpan(build?.last.entry.keyNode);
  // Only what is written in the service itself: an anchor's build is shared with other services.
  if (!item.editable || !build?.editable || !args?.editable || !isMap(buildMap) || !keySpan) return undefined;
  const container = args.last.entry.value;
  let remove: Edit | undefined;
  if (isMap(container) && isPair(item.item)) {
    remove = container.items.length === 1 ? removePair(model.file, buildMap, args.last.entry.pair) : removePair(model.file, container, item.item as Pair);
  } else if (isSeq(container)) {
    remove = container.items.length === 1 ? removePair(model.file, buildMap, args.last.entry.pair) : removeSeqItem(model.file, container, item.item);
  }
  if (!remove) return undefined;
  const id = secretId(item.key);
  const variable = passThrough(item.value, item.key);
  const source: [string, string] = variable ? ['environment', variable] : ['file', `./secrets/${id}.txt`];
  const grant = grantSecretEdits(model, { keySpan, node: buildMap as Node }, id, source);
  if (!grant) return undefined;
  const from = variable ? `from $${variable}` : `put the value in ${source[1]}`;
  return {
    title: `Move ${item.key} to build secret ${id} (${from}; the Dockerfile must use RUN --mount=type=secret,id=${id},env=${item.key})`,
    safe: false,
    edits: joinInsertions([remove, ...grant]),
  };
}

interface FixData {
  service: string;
  key: string;
}

export default defineRule({
  meta: {
    code: 'DC057',
    name: 'no-secret-in-build-args',
    language: 'compose',
    scope: 'unit',
    title: 'Secret passed as a build argument',
    why:
      'Build argument values are recorded in the image history of every RUN that sees them and in the build cache, ' +
      'where anyone who can pull the image can read them. Build secrets are mounted for one RUN and never stored.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798', 'CWE-538'],
    others: {
      semgrep: ['secret-in-build-arg'],
    },
    messages: {
      secretName: message(
        'Service {{service}} passes {{name}} as a build argument: its value is kept in the image history. Use build ',
        'secrets (`build.secrets`) and `RUN --mount=type=secret,id={{id}},env={{name}}` in the Dockerfile.',
      ),
      literalSecret: message(
        'Service {{service}} passes {{name}} as a build argument with a literal value{{kindText}}: it is committed with this ',
        'file and kept in the image history. Revoke it, then use build secrets (`build.secrets`).',
      ),
      token: message(
        'Service {{service}} passes a {{kind}} in build argument {{name}}: it is committed with this file and kept in the ',
        'image history. Revoke it, then use build secrets (`build.secrets`).',
      ),
      urlCredentials: message(
        'Service {{service}} passes a URL with a password in build argument {{name}}: it is committed with this file and ',
        'kept in the image history. Use build secrets (`build.secrets`) for the password.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const item of buildArgItems(svc)) {
        const found = judge(item);
        if (!found || !item.span) continue;
        const fixData: FixData = { service: svc.name, key: item.key };
        const related = item.relatedAs(`${item.key} is set here`);
        yield {
          messageId: found.messageId,
          span: item.span,
          data: { service: svc.name, name: item.key, id: secretId(item.key), kind: found.kind ?? '', kindText: found.kind ? ` (a ${found.kind})` : '' },
          ...(found.messageId === 'secretName' || found.messageId === 'literalSecret' ? { fixData } : {}),
          ...(related.length ? { related } : {}),
        };
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    const item = svc && buildArgItems(svc).find((i) => i.key === data.key);
    const fix = svc && item && moveToBuildSecretFix(model, svc, item);
    return fix ? [fix] : [];
  },
});
