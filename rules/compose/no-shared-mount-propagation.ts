import { defineRule, message } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { checkedServices } from '../languages/compose-effective.js';
import { removeLongPropagation, setShortOptions } from '../languages/compose-mount-edit.js';
import { display, volumesOf } from '../languages/compose-volumes.js';

/** Propagation modes that connect the container's mounts with the host's. */
const SHARED = new Set(['shared', 'rshared', 'slave', 'rslave']);

interface FixData {
  service: string;
  index: number;
}

export default defineRule({
  meta: {
    code: 'DC026',
    name: 'no-shared-mount-propagation',
    language: 'compose',
    scope: 'unit',
    title: 'Bind mount propagates mounts to or from the host',
    why:
      'With shared propagation, mounts the container makes under the bind appear on the host (a container root can ' +
      'mount over host paths); with slave, host mounts appear in the container. The default, rprivate, keeps them apart.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CIS-5.20', 'CWE-668'],
    others: {
      kics: ['Volume Mounted In Multiple Containers'],
      composeLint: ['CL-0017'],
    },
    messages: {
      shared: message(
        'Service {{service}} mounts {{source}} with {{propagation}} propagation: mounts it makes there appear on the host, ',
        "and the host's appear in it. Drop the propagation option unless it is a storage or mount helper.",
      ),
      slave: message(
        'Service {{service}} mounts {{source}} with {{propagation}} propagation: mounts the host makes there (USB disks, ',
        'network shares) appear in it. Drop the propagation option unless it needs them.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const [index, m] of volumesOf(model, svc).entries()) {
        const propagation = m.propagation?.trim();
        if (!propagation || !SHARED.has(propagation) || !m.span) continue;
        const fixData: FixData = { service: svc.name, index };
        yield {
          messageId: propagation.endsWith('shared') ? 'shared' : 'slave',
          span: m.span,
          data: { service: svc.name, source: display(m.source ?? m.target ?? ''), propagation },
          ...(m.editable ? { fixData } : { related: m.relatedAs(`the mount is written here and used by ${svc.name}`) }),
        };
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    const m = svc ? volumesOf(model, svc)[data.index] : undefined;
    if (!m?.editable || m.model.path !== model.path) return [];
    const edit: Edit | undefined =
      m.syntax === 'short'
        ? setShortOptions(
            model.file,
            m,
            m.options.filter((o) => !SHARED.has(o)),
          )
        : removeLongPropagation(model.file, m);
    // Not safe: mount helpers (storage drivers, autofs, CSI-like tools) need propagation to work.
    return edit ? [{ title: `Remove ${m.propagation} propagation`, safe: false, edits: [edit] }] : [];
  },
});
