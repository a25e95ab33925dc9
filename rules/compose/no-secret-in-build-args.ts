import { isMap, isPair, isSeq, type Node, type Pair } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Edit, Fix, Report } from '../engine/types.js';
import { isNonSecretValue, isSecretName } from '../knowledge/secrets.js';
import type { ComposeModel, ComposeService } from '../languages/compose.js';
import { joinInsertions, removePair, removeSeqItem } from '../languages/compose-edit.js';
import { buildArgItems, interpolate, type KeyValueItem, mapPair } from '../languages/compose-ports.js';
import { findUrlCredentials } from './no-credentials-in-url.js';
import { findKnownToken } from './no-hardcoded-token.js';
import { grantSecretEdits, secretId } from './no-secret-in-environment.js';

type Finding = { messageId: 'secretName' | 'literalSecret' | 'token' | 'urlCredentials'; kind?: string };

/** What is wrong with a build arg, if anything. */
function judge(item: KeyValueItem): Finding | undefined {
  const v = item.value === null ? undefined : interpolate(item.value);
  if (isSecretName(item.key)) {
    // Whatever its source, a secret passed as a build arg is kept in the image history.
    if (!v || v.unknown) return { messageId: 'secretName' };
    if (isNonSecretValue(v.text)) return undefined;
    return { messageId: 'literalSecret', kind: findKnownToken(v.text)?.kind };
  }
  if (!v) return undefined;
  const token = findKnownToken(v.text);
  if (token) return { messageId: 'token', kind: token.kind };
  return findUrlCredentials(v.text) ? { messageId: 'urlCredentials' } : undefined;
}

/** `${NAME}` / `$NAME` alone: the value comes from that variable of the shell or .env. */
function passThrough(value: string | null, key: string): string | undefined {
  if (value === null) return key;
  return /^\$\{(\w+)\}$|^\$(\w+)$/.exec(value.trim())?.slice(1).find((x) => x !== undefined);
}

function moveToBuildSecretFix(model: ComposeModel, svc: ComposeService, item: KeyValueItem): Fix | undefined {
  const build = svc.get('build');
  const buildMap = build?.value;
  if (!item.editable || !build || build.inheritedFrom || !isMap(buildMap) || !build.keyNode.range) return undefined;
  const args = mapPair(model, buildMap, 'args');
  if (!args || args.merged) return undefined;
  const container = args.pair.value;
  let remove: Edit | undefined;
  if (isMap(container) && isPair(item.written)) {
    remove = container.items.length === 1 ? removePair(model.file, buildMap, args.pair) : removePair(model.file, container, item.written as Pair);
  } else if (isSeq(container)) {
    remove = container.items.length === 1 ? removePair(model.file, buildMap, args.pair) : removeSeqItem(model.file, container, item.written);
  }
  if (!remove) return undefined;
  const id = secretId(item.key);
  const variable = passThrough(item.value, item.key);
  const source: [string, string] = variable ? ['environment', variable] : ['file', `./secrets/${id}.txt`];
  const holder = { keySpan: { start: build.keyNode.range[0], end: build.keyNode.range[1] }, node: buildMap as Node };
  const grant = grantSecretEdits(model, holder, id, source);
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

export default defineRule<ComposeModel>({
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
      secretName:
        'Service {{service}} passes {{name}} as a build argument: its value is kept in the image history. Use build ' +
        'secrets (`build.secrets`) and `RUN --mount=type=secret,id={{id}},env={{name}}` in the Dockerfile.',
      literalSecret:
        'Service {{service}} passes {{name}} as a build argument with a literal value{{kindText}}: it is committed with this ' +
        'file and kept in the image history. Revoke it, then use build secrets (`build.secrets`).',
      token:
        'Service {{service}} passes a {{kind}} in build argument {{name}}: it is committed with this file and kept in the ' +
        'image history. Revoke it, then use build secrets (`build.secrets`).',
      urlCredentials:
        'Service {{service}} passes a URL with a password in build argument {{name}}: it is committed with this file and ' +
        'kept in the image history. Use build secrets (`build.secrets`) for the password.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      for (const item of buildArgItems(model, svc)) {
        const found = judge(item);
        if (!found) continue;
        const report: Report = {
          messageId: found.messageId,
          span: item.span,
          data: { service: svc.name, name: item.key, id: secretId(item.key), kind: found.kind ?? '', kindText: found.kind ? ` (a ${found.kind})` : '' },
        };
        if (found.messageId === 'secretName' || found.messageId === 'literalSecret') report.fixData = { service: svc.name, key: item.key } satisfies FixData;
        if (item.inheritedFrom) report.related = [{ span: item.inheritedFrom, message: `${item.key} is set here` }];
        yield report;
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData as FixData | undefined;
    const svc = data && model.services.find((s) => s.name === data.service);
    const item = svc && buildArgItems(model, svc).find((i) => i.key === data.key);
    const fix = svc && item && moveToBuildSecretFix(model, svc, item);
    return fix ? [fix] : [];
  },
});

