import 'reflect-metadata';
import { runApiServer } from '@tinystack/api-kit';
import { COMPUTE_SERVER } from './compute.server.js';
import { runJoinCommand } from './join/join.command.js';

const [command, ...args] = process.argv.slice(2);
if (command === 'join') {
  runJoinCommand(args, process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  runApiServer(COMPUTE_SERVER, process.argv.slice(2), process.env);
}
