/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it — the full rule table with each
 * rule's docs page as its help, CIS/CWE tags and `security-severity`; results with relative URIs under `%SRCROOT%`, regions
 * with start/end line AND column, stable `partialFingerprints`, and `fixes` for safe fixes.
 */
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules, type Finding, INTERNAL_CODE, type Level, type Risk, type RuleMeta } from '../../../rules/api.js';
import { localDocsPage } from '../docs-dir.js';
import { fingerprints } from './fingerprint.js';
import { fixesOf, type RunReport } from './report.js';

const SARIF_LEVEL: Record<Level, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** GitHub maps security-severity to critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low below. */
const SEVERITY: Record<Risk, string> = { critical: '9.5', high: '7.5', medium: '5.0', low: '2.5' };

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function region(range: Finding['range']): SarifRegion {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function uriOf(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

/** An absolute path of another file (a fix's or a related location's) as a %SRCROOT% location. */
function locationOf(absolute: string, cwd: string) {
  return { uri: uriOf(relative(cwd, absolute).split(sep).join('/')), uriBaseId: '%SRCROOT%' };
}

function ruleDescriptor(meta: RuleMeta) {
  return {
    id: meta.code,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.why },
    // There is no docs website to link (helpUri): the rule's page, shipped with bosun, is the help itself.
    help: { text: meta.why, markdown: localDocsPage(meta) ?? meta.why },
    // A rule that is off by default says so: its results appear only where a config turned it on.
    defaultConfiguration: { level: SARIF_LEVEL[meta.level], ...(meta.defaultOn === false ? { enabled: false } : {}) },
    properties: {
      tags: [...new Set(['security', ...meta.tags])],
      'security-severity': SEVERITY[meta.risk],
      precision: 'high',
    },
  };
}

const INTERNAL_DESCRIPTOR = {
  id: INTERNAL_CODE,
  name: 'internal-error',
  shortDescription: { text: 'Bosun could not check this file' },
  fullDescription: { text: 'The file was not checked, or one rule failed on it; other rules still ran.' },
  defaultConfiguration: { level: 'warning' },
  properties: { tags: ['bosun'] },
};

export function formatSarif(report: RunReport, version: string, cwd: string): string {
  const rules = [...allRules.map((r) => ruleDescriptor(r.meta)), INTERNAL_DESCRIPTOR];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((f) => {
    const path = f.target.display;
    const prints = fingerprints(path, f.result, f.findings);
    return f.findings.map((finding, i) => {
      const artifactLocation = { uri: uriOf(path), uriBaseId: '%SRCROOT%' };
      const safe = fixesOf(f, finding).filter((fx) => fx.safe);
      return {
        ruleId: finding.code,
        ruleIndex: index.get(finding.code) ?? index.get(INTERNAL_CODE),
        level: SARIF_LEVEL[finding.level],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(finding.range) } }],
        ...(finding.related.length
          ? {
              relatedLocations: finding.related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: { artifactLocation: r.path ? locationOf(r.path, cwd) : artifactLocation, region: region(r.range) },
              })),
            }
          : {}),
        partialFingerprints: { 'bosun/v1': prints[i] },
        ...(safe.length
          ? {
              fixes: safe.map((fx) => ({
                description: { text: fx.title },
                artifactChanges: [
                  ...(fx.edits.length
                    ? [
                        {
                          artifactLocation,
                          replacements: fx.edits.map((e) => ({
                            deletedRegion: region(f.result.file.rangeOf(e)),
                            insertedContent: { text: e.text },
                          })),
                        },
                      ]
                    : []),
                  // Changes to other files (e.g. appending to .dockerignore): offsets, as their text is not loaded here.
                  ...(fx.otherFiles ?? [])
                    .filter((o) => o.edits.length)
                    .map((o) => ({
                      artifactLocation: locationOf(o.path, cwd),
                      replacements: o.edits.map((e) => ({
                        deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
                        insertedContent: { text: e.text },
                      })),
                    })),
                ],
              })),
            }
          : {}),
      };
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'bosun', version, semanticVersion: version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((s) => ({
              level: 'warning',
              message: { text: `${s.path}: ${s.reason} (skipped)` },
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
