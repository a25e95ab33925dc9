/**
 * The scan worker's thread (see scan-worker.ts): lints the files it is sent, with the open
 * documents it is sent over the disk (read within the workspace folders, as on the main thread)
 * and the image facts it is sent, and answers with the findings, what the lint read and which
 * image facts it asked for.
 */
import { parentPort } from 'node:worker_threads';
import { type ImageFactsView, lintText } from '../../../rules/api.js';
import { overlayFiles, recordingFiles } from '../files-view.js';
import { diskFiles } from '../files.js';
import { Containment } from '../fs/containment.js';
import { loadShellGrammar } from '../shell-grammar-node.js';
import type { ScanAnswer, ScanRequest } from './scan-request.js';

const grammar = loadShellGrammar();

function lintRequest(r: ScanRequest): ScanAnswer {
  const open = r.open.map((d) => ({ path: d.path, text: () => d.text }));
  const containment = new Containment(r.folders);
  const recorded = recordingFiles(overlayFiles(() => open, diskFiles({ containment })));
  const known = new Map(r.facts);
  const factKeys = new Set<string>();
  const imageFacts: ImageFactsView = {
    get(key) {
      factKeys.add(key);
      return known.get(key);
    },
  };
  const result = lintText(r.path, r.text, r.language, { ...r.options, files: recorded.view, imageFacts });
  const findings = result.findings.map(({ report: _report, ...f }) => f);
  return { id: r.id, findings, errors: result.errors, touched: [...recorded.touched], factKeys: [...factKeys] };
}

parentPort?.on('message', async (r: ScanRequest) => {
  let answer: ScanAnswer;
  try {
    await grammar;
    answer = lintRequest(r);
  } catch (e) {
    answer = { id: r.id, findings: [], errors: [`the scan worker failed: ${e instanceof Error ? e.message : String(e)}`], touched: [], factKeys: [] };
  }
  parentPort?.postMessage(answer);
});
