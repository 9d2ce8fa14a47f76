import 'reflect-metadata';
import { runApiServer } from '@tinystack/api-kit';
import { COMPUTE_SERVER } from './compute.server.js';

runApiServer(COMPUTE_SERVER, process.argv.slice(2), process.env);
