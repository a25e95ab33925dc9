import { defineRule, message } from '../languages/define-rule.js';
import { secretMountsOf } from '../languages/run-mounts.js';
import { argumentWords, commandName, commandsNamed, runShells } from '../languages/shell.js';

/** A credential-setup command: what it is called in messages and where it keeps the credential. */
interface Login {
  command: string;
  store: string;
}

const has = (args: string[], ...names: string[]) => args.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));

/** The programs loginOf knows. */
const LOGIN_PROGRAMS = ['aws', 'gcloud', 'az', 'doctl', 'docker', 'podman', 'helm', 'gh', 'oc', 'kubectl'];

/** Cloud, registry and cluster CLIs that store a credential they are handed on the command line or stdin (LOGIN_PROGRAMS). */
function loginOf(name: string, args: string[]): Login | undefined {
  switch (name) {
    case 'aws':
      if (args[0] === 'configure' && args[1] === 'set' && /(?:^|\.)aws_(?:access_key_id|secret_access_key|session_token)$/.test(args[2] ?? '')) {
        return { command: `aws configure set ${args[2]}`, store: '~/.aws/credentials' };
      }
      if (args[0] === 'configure' && args[1] === 'import') return { command: 'aws configure import', store: '~/.aws/credentials' };
      return undefined;
    case 'gcloud':
      if (args[0] === 'auth' && args[1] === 'activate-service-account') return { command: 'gcloud auth activate-service-account', store: '~/.config/gcloud' };
      if (args[0] === 'auth' && args[1] === 'login' && has(args, '--cred-file')) return { command: 'gcloud auth login --cred-file', store: '~/.config/gcloud' };
      return undefined;
    case 'az':
      if (args[0] === 'login' && has(args, '-p', '--password', '--federated-token', '--client-secret')) return { command: 'az login', store: '~/.azure' };
      return undefined;
    case 'doctl':
      if (args[0] === 'auth' && args[1] === 'init' && has(args, '-t', '--access-token')) return { command: 'doctl auth init', store: '~/.config/doctl' };
      return undefined;
    case 'docker':
    case 'podman':
      if (args[0] === 'login' && has(args, '-p', '--password', '--password-stdin')) return { command: `${name} login`, store: '~/.docker/config.json' };
      return undefined;
    case 'helm':
      if (args[0] === 'registry' && args[1] === 'login' && has(args, '-p', '--password', '--password-stdin')) return { command: 'helm registry login', store: '~/.config/helm' };
      if (args[0] === 'repo' && args[1] === 'add' && has(args, '--password', '--password-stdin')) return { command: 'helm repo add --password', store: '~/.config/helm' };
      return undefined;
    case 'gh':
      if (args[0] === 'auth' && args[1] === 'login' && has(args, '--with-token')) return { command: 'gh auth login --with-token', store: '~/.config/gh' };
      return undefined;
    case 'oc':
      if (args[0] === 'login' && has(args, '--token', '-p', '--password')) return { command: 'oc login', store: '~/.kube/config' };
      return undefined;
    case 'kubectl':
      if (args[0] === 'config' && args[1] === 'set-credentials' && has(args, '--token', '--password', '--client-key'))
        return { command: 'kubectl config set-credentials', store: '~/.kube/config' };
      return undefined;
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    code: 'DF037',
    name: 'no-unmounted-cli-login',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Cloud or registry login in RUN without a secret mount',
    why:
      'A CLI login in RUN writes the credential into a file of the layer, and without a secret mount the credential ' +
      'itself came from the Dockerfile or a build argument, which the image history keeps too.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798', 'CWE-538'],
    others: { trivy: ['DS-0031'] },
    messages: {
      login: message(
        '`{{command}}` stores a credential in {{store}} in this layer, and this RUN has no secret mount: the credential comes ',
        'from the Dockerfile or a build argument. Pass it with `RUN --mount=type=secret,…` and remove the stored copy in the same RUN.',
      ),
    },
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      if (secretMountsOf(run.flags).length) continue;
      for (const cmd of commandsNamed(run.all, ...LOGIN_PROGRAMS)) {
        const cn = commandName(cmd)!;
        const login = loginOf(
          cn.name,
          argumentWords(cmd).map((w) => w.value),
        );
        if (login) yield { messageId: 'login', span: cmd.words[cn.index].span, data: { ...login } };
      }
    }
  },
});
