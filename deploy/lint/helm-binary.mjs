// The helm CLI for the lint, built from its Go module (no prebuilt download reaches this machine or CI) into
// <repo>/.local/bin/helm once; later runs reuse it. No Go or no module proxy: the lint fails, naming what is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export const HELM_MODULE = 'helm.sh/helm/v3';
export const HELM_VERSION = 'v3.22.0';

/** The module version a Go binary was built from (`go version -m`), or undefined. */
function builtVersion(binary) {
  const out = spawnSync('go', ['version', '-m', binary], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  return /^\s*mod\s+helm\.sh\/helm\/v3\s+(\S+)/m.exec(out.stdout)?.[1];
}

export function ensureHelm(repoRoot, log = (line) => process.stdout.write(`${line}\n`)) {
  const bin = path.join(repoRoot, '.local', 'bin');
  const helm = path.join(bin, 'helm');
  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error(
      `Go is required to build helm (${HELM_MODULE}@${HELM_VERSION}) for the chart's lint: install Go (the machine's go, or apt-get install golang)`,
    );
  }
  if (existsSync(helm) && builtVersion(helm) === HELM_VERSION) return helm;
  log(`building helm ${HELM_VERSION} from its Go module into .local/bin (once; minutes on 2 cores) …`);
  mkdirSync(bin, { recursive: true });
  // Built into a private folder, then renamed: two lint runs at once never see half a binary.
  const tmp = mkdtempSync(path.join(bin, '.helm-build-'));
  const started = Date.now();
  try {
    execFileSync('go', ['install', `${HELM_MODULE}/cmd/helm@${HELM_VERSION}`], {
      env: { ...process.env, GOBIN: tmp, CGO_ENABLED: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    renameSync(path.join(tmp, 'helm'), helm);
  } catch (error) {
    throw new Error(
      `building helm failed (go install ${HELM_MODULE}/cmd/helm@${HELM_VERSION}): ${error.message}. The Go module proxy must be reachable.`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`helm built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return helm;
}
