import 'reflect-metadata';
import { runApiServer } from '@tinystack/api-kit';
import { MANAGER_SERVER } from './manager.server.js';

runApiServer(MANAGER_SERVER, process.argv.slice(2), process.env);
