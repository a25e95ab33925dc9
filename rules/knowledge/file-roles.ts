/**
 * What a file is for, as its path says: a Compose file that CI runs on a throwaway runner, or one
 * written to run tests against (`.github/workflows/e2e/docker-compose.yml`,
 * `docker-compose.ci-test.yml`, `compose.e2e.yaml`). Such a file is not a deployment: a finding about
 * how exposed its services are is milder there, and a rule may report it a level lower.
 */

/** Folders that hold CI systems' configuration. */
const CI_FOLDERS = new Set(['.github', '.gitlab', '.circleci', '.buildkite', '.woodpecker', '.forgejo', '.gitea']);

/** Words of a file name that say it is for CI or tests (the name split at `.`, `-` and `_`). */
const CI_WORDS = new Set(['ci', 'test', 'tests', 'testing', 'e2e']);

/**
 * True for a file under a CI configuration folder, or whose name has a CI or test word. Folders
 * named `test` or `tests` do not count: one may hold the whole project.
 */
export function isCiOrTestFile(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = (parts.pop() ?? '').toLowerCase();
  if (parts.some((p) => CI_FOLDERS.has(p.toLowerCase()))) return true;
  return name.split(/[._-]/).some((w) => CI_WORDS.has(w));
}
