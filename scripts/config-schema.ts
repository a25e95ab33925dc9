/** Generates schemas/bosun.schema.json (completion and validation of .bosun.yaml) from the registry. */
import { allRules } from '../rules/api.js';

const level = { enum: ['off', 'hint', 'info', 'warning', 'error'] };

export function configSchema(): object {
  const ruleSetting = {
    oneOf: [
      { ...level, description: 'Level for this rule' },
      {
        type: 'object',
        additionalProperties: false,
        properties: { level, options: { type: 'object', description: 'Options of this rule (see its docs page)' } },
      },
    ],
  };
  const ruleProps: Record<string, object> = {};
  for (const r of allRules) {
    const when = r.meta.defaultOn === false ? `off by default: give it a level to turn it on (${r.meta.level})` : `default ${r.meta.level}`;
    const description = `${r.meta.code} ${r.meta.name}: ${r.meta.title} (${when})`;
    ruleProps[r.meta.code] = { ...ruleSetting, description };
    ruleProps[r.meta.name] = { ...ruleSetting, description };
  }
  const rules = { type: 'object', additionalProperties: false, properties: ruleProps, description: 'Rule levels and options by code or name' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    // An identifier, not a place to fetch from: the schema ships with the extension (schemas/).
    $id: 'urn:bosun:schema:config',
    title: 'Bosun configuration (.bosun.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules,
      ignore: { type: 'array', items: { type: 'string' }, description: 'Glob patterns of files not to check, relative to this file' },
      registries: {
        type: 'object',
        additionalProperties: false,
        properties: { trusted: { type: 'array', items: { type: 'string' }, description: 'Registries base images may come from' } },
      },
      failLevel: { enum: ['error', 'warning', 'info', 'hint', 'none'], description: 'CLI exit code 1 at or above this level' },
      overrides: {
        type: 'array',
        description: 'Per-glob rule settings; later entries win',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: { files: { type: 'array', items: { type: 'string' }, minItems: 1 }, rules },
        },
      },
      imageFacts: {
        type: 'object',
        additionalProperties: false,
        description: 'Base-image facts: where bosun --image-facts refresh writes them, and when they are stale',
        properties: {
          lockFile: { type: 'string', description: 'Lock file, relative to this file and inside its folder (default .bosun/images.lock.json)' },
          maxAgeDays: { type: 'number', exclusiveMinimum: 0, description: 'Entries fetched longer ago than this are reported as stale (default 30)' },
        },
      },
    },
  };
}
