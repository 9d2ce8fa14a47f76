import { processIo } from './cli-io.js';
import { runCli } from './cli.js';
import { COMMANDS } from './verbs/verb-table.js';

// Output into a pipe that closed (tinystack events --follow | head) is not a failure of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void runCli(process.argv.slice(2), processIo(), COMMANDS).then((code) => {
  process.exitCode = code;
});
