/** Build step (`npm run build`): bundles workflows/ into dist/workflows.bundle.js for the worker to load at start. */
import { DefaultLogger } from '@temporalio/worker';
import { writeWorkflowBundle } from './workflow-source';

writeWorkflowBundle(undefined, new DefaultLogger('WARN')).then(
  ({ path, bytes }) => process.stdout.write(`workflow bundle: ${path} (${Math.round(bytes / 1024)} KiB)\n`),
  (err: unknown) => {
    process.stderr.write(`workflow bundle failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
