/**
 * The scan worker's thread (see scan-worker.ts): lints the files it is sent, with the open
 * documents it is sent over the disk, and answers with the findings and what the lint read.
 */
import { parentPort } from 'node:worker_threads';
import { lintText } from '../../../rules/api.js';
import { diskFiles, overlayFiles, recordingFiles } from '../files.js';
import type { ScanAnswer, ScanRequest } from './scan-worker.js';

parentPort?.on('message', (r: ScanRequest) => {
  let answer: ScanAnswer;
  try {
    const open = r.open.map((d) => ({ path: d.path, text: () => d.text }));
    const recorded = recordingFiles(overlayFiles(() => open, diskFiles()));
    const result = lintText(r.path, r.text, r.language, { ...r.options, files: recorded.view });
    const findings = result.findings.map(({ report: _report, ...f }) => f);
    answer = { id: r.id, findings, errors: result.errors, touched: [...recorded.touched] };
  } catch (e) {
    answer = { id: r.id, findings: [], errors: [`the scan worker failed: ${e instanceof Error ? e.message : String(e)}`], touched: [] };
  }
  parentPort?.postMessage(answer);
});
