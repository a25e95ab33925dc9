/**
 * The requests a user triggers: code actions (rule fixes, ignore comments, docs, fix-all, pin to
 * digest) and their resolution, commands, and hover (findings, base-image facts, instructions).
 */
import { findRule } from '../../../rules/api.js';
import { FIX_ALL_WORKSPACE_COMMAND } from '../protocol.js';
import { codeActions } from './code-actions.js';
import { SHOW_DOCS_COMMAND } from './docs-links.js';
import { mergeHovers } from './dockerfile-features.js';
import { type Linted, languageOf } from './documents.js';
import { fixAllWorkspace } from './fix-all-workspace.js';
import { hover } from './hover.js';
import { factsHover } from './image-facts-hover.js';
import type { ServerState } from './server-state.js';

export function handleRequests(s: ServerState, lintCurrent: (uri: string) => Promise<Linted | undefined>): void {
  const { connection, documents, pins, links, client } = s;

  connection.onCodeAction(
    s.safely('codeAction', [], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const linted = await lintCurrent(params.textDocument.uri);
      if (!doc || !linted || linted.version !== doc.version) return [];
      // Pin to digest: listed here without network; the digest is looked up in codeAction/resolve.
      const pin = await pins.forDocument(doc, linted.result);
      return [
        ...codeActions(
          {
            uri: doc.uri,
            version: doc.version,
            result: linted.result,
            useDocumentChanges: client.documentChanges,
            extraActions: pin?.quickFixes,
            files: s.files,
            openDocument: (path) => s.openAt(path),
            links,
            showDocs: (meta) => s.showDocs(meta),
            containment: s.containment,
            path: s.filePath(doc.uri),
            disabledSupport: client.disabledCodeActions,
            present: s.presentFor(doc.uri),
          },
          params.range,
          params.context.only,
        ),
        ...(pin?.sourceActions(params.context.only) ?? []),
      ];
    }),
  );

  connection.onCodeActionResolve((action, token) => pins.resolveAction(action, token));

  connection.onExecuteCommand(async (params, token) => {
    if (params.command === FIX_ALL_WORKSPACE_COMMAND) return s.safely('fixAllWorkspace', undefined, () => fixAllWorkspace(s, lintCurrent))();
    if (params.command === SHOW_DOCS_COMMAND) {
      const meta = findRule(String(params.arguments?.[1] ?? ''))?.meta;
      const href = meta && meta.language === params.arguments?.[0] ? links.docs.href(meta) : undefined;
      if (href && client.showDocument) await connection.window.showDocument({ uri: href, takeFocus: true }).catch(() => undefined);
      return undefined;
    }
    return pins.executeCommand(params, token);
  });

  connection.onHover(
    s.safely('hover', null, async (params) => {
      const uri = params.textDocument.uri;
      const linted = await lintCurrent(uri);
      const own = linted ? hover(linted.result, params.position, links.docs) : null;
      // What the base image's config says (hover on FROM / image:), after the findings.
      const registry = linted && (await pins.cachedSettingsFor(uri));
      const known =
        linted && registry
          ? factsHover(
              linted.result,
              params.position,
              s.files,
              (key) => s.facts.lookup(s.filePath(uri), key, registry),
              (key) => s.facts.failure(key),
            )
          : null;
      const features = s.dockerfileFeatures;
      const doc = features && documents.get(uri);
      const instruction = doc && languageOf(doc) === 'dockerfile' ? features.hover(doc.getText(), params.position) : null;
      return mergeHovers(mergeHovers(own, known), instruction);
    }),
  );
}
