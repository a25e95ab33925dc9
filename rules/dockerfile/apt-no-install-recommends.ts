import { defineRule } from '../languages/define-rule.js';
import { managerCommands, packageInstall } from '../knowledge/package-managers.js';
import { finalImageStages, finalImageRuns, scriptTexts, scriptTextsMayMatch } from '../languages/shell.js';

/** `APT::Install-Recommends "0";` in apt.conf, or `-o APT::Install-Recommends=false`. */
const RECOMMENDS_OFF = /APT::Install-Recommends\s*(?:=\s*|\s+)["']?(0|false|no)\b/i;

interface FixData {
  at: number;
  text: string;
}

export default defineRule({
  meta: {
    code: 'DF021',
    name: 'apt-no-install-recommends',
    language: 'dockerfile',
    title: 'apt-get install pulls in recommended packages',
    why:
      'Without --no-install-recommends apt also installs every "recommended" package, often dozens of tools and ' +
      'libraries the image never uses but whose vulnerabilities it now carries.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'attack-surface', 'CIS-4.3'],
    others: {
      hadolint: ['DL3015'],
      trivy: ['DS-0029'],
      kics: ['APT-GET Not Avoiding Additional Packages'],
    },
    messages: {
      recommends: '`{{program}} install` without --no-install-recommends also installs recommended packages the image may not need.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    const stages = finalImageStages(model);
    // apt configured once for the image (`echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/…`).
    let configuredAt = Infinity;
    for (const run of finalImageRuns(model)) {
      if (run.onbuild || !run.instr.stage || !stages.has(run.instr.stage)) continue;
      // One search of the RUN's texts first: most hold no such setting.
      if (scriptTextsMayMatch(run, RECOMMENDS_OFF) && scriptTexts(model, run).some((t) => !t.word?.redirect && RECOMMENDS_OFF.test(t.text) && !t.text.startsWith('-'))) {
        configuredAt = Math.min(configuredAt, run.instr.span.start);
      }
    }
    for (const run of finalImageRuns(model)) {
      // Build stages do not ship their packages; ONBUILD steps land in child images.
      if (!run.onbuild && !(run.instr.stage && stages.has(run.instr.stage))) continue;
      if (!run.onbuild && run.instr.span.start >= configuredAt) continue;
      for (const cmd of managerCommands(run.all)) {
        const install = packageInstall(cmd);
        if (install?.manager !== 'apt' || install.program === 'aptitude' || !install.subcommandWord) continue;
        if (!install.packages.length) continue;
        const options = [...install.globalArgs.options, ...install.args.options];
        const off = options.some((o) => o.name === '--no-install-recommends' || ((o.name === '-o' || o.name === '--option') && RECOMMENDS_OFF.test(o.value ?? '')));
        if (off) continue;
        const sub = install.subcommandWord;
        const fixData: FixData = run.exec ? { at: sub.span.end, text: ', "--no-install-recommends"' } : { at: sub.span.end, text: ' --no-install-recommends' };
        yield { messageId: 'recommends', span: { start: cmd.words[0].span.start, end: sub.span.end }, data: { program: install.program }, fixData };
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: 'Add --no-install-recommends (check nothing needed goes missing)', safe: false, edits: [{ start: data.at, end: data.at, text: data.text }] }];
  },
});
