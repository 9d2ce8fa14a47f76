import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiServerDefinition } from '@tinystack/api-kit';
import { COMPUTE_TOKEN_FILE, ComputeSettings } from './config/compute.settings.js';
import { ComputeModule } from './compute.module.js';

/** The committed document, resolved from the source and the bundle alike (both sit three levels deep). */
export const COMPUTE_OPENAPI_FILE = join(__dirname, '..', '..', '..', 'openapi', 'compute.json');

export const COMPUTE_SERVER: ApiServerDefinition<ComputeSettings> = {
  name: 'Compute node',
  settings: ComputeSettings,
  dataDir: (settings) => settings.DATA_DIR,
  token: (settings) => ({
    configured: settings.COMPUTE_TOKEN,
    file: join(settings.DATA_DIR, COMPUTE_TOKEN_FILE),
    variable: 'COMPUTE_TOKEN',
  }),
  address: (settings) => ({ port: settings.COMPUTE_PORT, host: settings.COMPUTE_HOST }),
  module: (settings, apiToken) => ComputeModule.forRoot(settings, apiToken),
  // A configured lxcpath that does not exist yet is created, as LXC does for its default one.
  prepare: (settings) => {
    if (settings.LXC_PATH) mkdirSync(settings.LXC_PATH, { recursive: true });
  },
  docs: {
    ui: 'docs',
    json: 'docs-json',
    file: COMPUTE_OPENAPI_FILE,
    info: {
      title: 'TinyStack compute node',
      description:
        "The API of one board: its usage, its LXC containers (the paper's Table 1) and its LED matrix. " +
        'Every route except /health and POST /join/offer needs "Authorization: Bearer <COMPUTE_TOKEN>". ' +
        'Errors always have the ErrorDto shape.',
      version: '1.0.0',
      operationIdPrefix: 'compute',
      tags: {
        health: "Liveness, LXC availability, the board's readiness checks and its join; needs no token",
        join: 'Joining a manager by itself: now (the node\'s own command asks it), or on a discovering manager\'s offer (no token)',
        usage: "The board's CPU, memory, network, disk and temperature figures, sampled on a timer",
        instances:
          'The LXC system containers of this node: list, create, start, stop, restart, rename, destroy, run a command. ' +
          'GET /instances/{id}/console?cols=&rows= is a terminal over a WebSocket (with the bearer token): binary frames ' +
          'carry raw terminal bytes both ways; text frames are JSON, {"type":"resize","cols","rows"} from the client, ' +
          '{"type":"exit","code","reason"} or {"type":"error","message"} from the node, which then closes. A refused ' +
          'handshake is an HTTP answer with the ErrorDto body (400, 401, 404, 409 not running, 503 too many sessions).',
        images:
          'The images the manager sent this board (root filesystem tarballs, by sha256), which instances are created from: ' +
          'streamed in, checked, resumable, kept within IMAGE_CACHE_MIB (least recently used evicted first)',
        ports: "The board's ports forwarded to instances (nftables), so the classroom reaches their services",
        led: 'The 8x8 LED matrix that shows the board state: what it shows, brightness, blinking, identify',
      },
    },
  },
};
