import { createProgram } from './program.js';
import { reportError } from './report-error.js';

// The `bigchaindb` executable. Every failure ends here, so none escapes as an unhandled rejection.
try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, (text) => process.stderr.write(text));
}
