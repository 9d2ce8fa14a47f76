// For bench:manager's MQTT figures: aedes (the manager's broker library, the
// same version) alone in a Node.js process of its own, on plain TCP with no
// hook, no persistence but its memory, no NestJS around it (its sockets with
// TCP_NODELAY, as the manager's). Started with the
// manager's Node flags or without them, it tells the broker library's share
// of the manager's publish-to-deliver time from that of the manager's own
// checks (sign-in, ACL, rate, packet size guard) and of its process.
//
// node dist/bench/mqtt-aedes-alone.js PORT: prints "ready" once listening; stops on SIGTERM.
import { createServer } from 'node:net';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0) throw new Error('usage: mqtt-aedes-alone.js PORT');
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  const server = createServer((socket) => {
    // As the manager's broker does (Nagle's algorithm off).
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    server.close();
    broker.close(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
