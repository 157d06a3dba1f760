// The entry point every SLA Desk process runs through, so they all fail the same way: invalid configuration is one
// JSON log line naming every bad variable and exit code 78 (EX_CONFIG, "configuration error" in sysexits.h); any
// other failure to start or run is logged with its stack and exit code 1.
import { ConfigError } from './env';
import { jsonLogger, type LineWriter, stderrWriter } from './logger';

export const EXIT_CONFIG = 78;
export const EXIT_FAILURE = 1;

/**
 * Runs `main` and sets the exit code: its result (default 0), 78 for a ConfigError, 1 for anything else.
 * Returns the code too, for tests.
 */
export async function runMain(name: string, main: () => Promise<number | void>, write: LineWriter = stderrWriter): Promise<number> {
  const logger = jsonLogger(name, 'info', write);
  let code: number;
  try {
    code = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error('Invalid configuration', { problems: error.problems });
      code = EXIT_CONFIG;
    } else {
      logger.error('Failed', { err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) });
      code = EXIT_FAILURE;
    }
  }
  process.exitCode = code;
  return code;
}
