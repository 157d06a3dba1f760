/**
 * Where the worker's workflow code comes from: the bundle prebuilt at build time (`dist/workflows.bundle.js`, made by
 * `node dist/bundle-workflows.js` in `npm run build`), or — when it is missing (e.g. running from source) — the
 * workflows package, bundled by the Worker at start (a few seconds of webpack).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_WORKFLOW_MODULES } from '@sla-desk/workflow-api';
import { bundleWorkflowCode, type Logger, type WorkflowBundleOption } from '@temporalio/worker';

/** dist/workflows.bundle.js, from src/ and from dist/ alike. */
export const PREBUILT_BUNDLE = path.join(__dirname, '..', 'dist', 'workflows.bundle.js');

/** The workflows package's entry (workflows/dist/index.js through the workspace link). */
export function workflowsPath(): string {
  return require.resolve('@sla-desk/workflows');
}

export type WorkflowSource =
  { workflowBundle: WorkflowBundleOption; workflowsPath?: undefined } | { workflowsPath: string; workflowBundle?: undefined };

export function workflowSource(bundlePath = PREBUILT_BUNDLE): WorkflowSource {
  if (existsSync(bundlePath)) return { workflowBundle: { codePath: bundlePath } };
  return { workflowsPath: workflowsPath() };
}

/** Bundles the workflows package into `out` (build step). */
export async function writeWorkflowBundle(out = PREBUILT_BUNDLE, logger?: Logger): Promise<{ path: string; bytes: number }> {
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger, preloadModules: [...SHARED_WORKFLOW_MODULES] });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  return { path: out, bytes: Buffer.byteLength(code) };
}
