import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ImageInfo } from '@tinystack/manager-client';
import { OperationFailedError, UsageError } from '../cli.errors.js';
import { formatFields } from '../output/fields.js';
import { bytes, dateTime, timeOfDay } from '../output/figures.js';
import type { Column } from '../output/table.js';
import { findInstance } from '../targets.js';
import { DEFAULT_TIMEOUTS, secondsOf } from '../timeouts.js';
import { NO_WAIT_OPTION, operationHelp, runOperation } from './operation-run.js';
import { defineVerb } from './verb.js';

const ARCHITECTURES = ['amd64', 'arm64', 'armhf', 'i386', 'riscv64'] as const;
/** What this machine's Node.js calls its CPU, in Debian's words (the default --arch). */
const LOCAL_ARCHITECTURE: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ia32: 'i386', riscv64: 'riscv64' };
/** An upload is given at least this throughput before it counts as stuck: 1 GB on a slow LAN is minutes. */
const SLOWEST_UPLOAD_BYTES_PER_SECOND = 256 * 1024;

const imageColumns: readonly Column<ImageInfo>[] = [
  { header: 'NAME', cell: (image) => image.name },
  { header: 'ARCH', cell: (image) => image.architecture },
  { header: 'SIZE', cell: (image) => bytes(image.sizeBytes), align: 'right' },
  { header: 'SOURCE', cell: (image) => image.source, shrink: 'wrap', minWidth: 8 },
  { header: 'CREATED', cell: (image) => `${dateTime(image.createdAt)}` },
  { header: 'DESCRIPTION', cell: (image) => image.description, shrink: 'wrap', minWidth: 10 },
];

export const imageListVerb = defineVerb({
  name: 'image list',
  section: 'Images and snapshots',
  summary: 'The images of the library, to create instances from',
  description: ['Name, architecture, size, where each came from, when, and its description. With --json: the answer of GET /api/images.'],
  async run(call) {
    const images = await call.manager().listImages({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(images);
    if (images.length === 0) {
      call.out.line('The library has no image. Import one: tinystack image import FILE --name NAME (or publish an instance: tinystack publish NAME --as IMAGE)');
      return;
    }
    call.out.table(imageColumns, images);
  },
});

/** `tinystack images`: the same list, as `tinystack instances` and `tinystack nodes` are. */
export const imagesVerb = defineVerb({ ...imageListVerb, name: 'images', summary: 'The images of the library (the same as tinystack image list)' });

export const imageShowVerb = defineVerb({
  name: 'image show',
  section: 'Images and snapshots',
  summary: 'One image, with its sha256',
  description: ['Everything the library knows of it. With --json: the answer of GET /api/images/{name}.'],
  arguments: [{ name: 'NAME' }],
  async run(call) {
    const image = await call.manager().getImage(call.args[0]!, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(image);
    call.out.line(
      formatFields(
        [
          ['Name', image.name],
          ['Description', image.description || '(none)'],
          ['Architecture', image.architecture],
          ['Size', `${bytes(image.sizeBytes)} (${image.sizeBytes} bytes)`],
          ['sha256', image.sha256],
          ['Source', image.source],
          ['Created', `${dateTime(image.createdAt)} by ${image.createdBy}`],
        ],
        call.out.width,
      ),
    );
  },
});

export const imageImportVerb = defineVerb({
  name: 'image import',
  section: 'Images and snapshots',
  summary: 'Send a root filesystem tarball to the library (teachers)',
  description: [
    'FILE is a tar of a root filesystem (./bin, ./etc, ... at its top; uncompressed unpacks fastest on a board). It is streamed ' +
      'to the manager, which hashes it and stores it under DATA_DIR/images. --arch is the CPU it is built for (default: this ' +
      "machine's); a node of another architecture is never sent it. scripts/images/build-debian-image.sh makes a small Debian one.",
    'With --json: the image as stored.',
  ],
  arguments: [{ name: 'FILE' }],
  options: {
    name: { type: 'string', value: 'NAME', description: 'Its name in the library (instance-name rules); needed' },
    arch: { type: 'string', value: 'ARCH', description: `Its architecture: ${ARCHITECTURES.join(', ')} (default: this machine's)` },
    description: { type: 'string', value: 'TEXT', description: 'What it holds' },
    source: { type: 'string', value: 'SOURCE', description: 'upload (default) or debian (what the Debian build script says)' },
  },
  examples: ['tinystack image import lab1.tar --name lab1', 'tinystack image import debian12-arm64.tar --name debian12 --arch arm64'],
  async run(call) {
    const file = call.args[0]!;
    const name = call.option('name');
    if (!name) throw new UsageError('--name is needed: the name of the image in the library', 'image import');
    const architecture = call.option('arch') ?? LOCAL_ARCHITECTURE[process.arch];
    if (!architecture || !(ARCHITECTURES as readonly string[]).includes(architecture)) {
      throw new UsageError(`--arch must be one of ${ARCHITECTURES.join(', ')}${call.option('arch') ? ` (got "${call.option('arch')}")` : ''}`, 'image import');
    }
    const source = call.option('source');
    if (source !== undefined && source !== 'upload' && source !== 'debian') throw new UsageError('--source must be upload or debian', 'image import');
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new OperationFailedError(`${file} is not a file`);
      size = stat.size;
    } catch (error) {
      if (error instanceof OperationFailedError) throw error;
      throw new OperationFailedError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const description = call.option('description');
    if (!call.json) call.out.line(`Sending ${file} (${bytes(size)}) as image ${name} (${architecture})…`);
    const body = Readable.toWeb(createReadStream(file, { highWaterMark: 1024 * 1024 })) as ReadableStream<Uint8Array>;
    const image = await call.manager().importImage(
      { name, architecture: architecture as (typeof ARCHITECTURES)[number], ...(description ? { description } : {}), ...(source ? { source } : {}) },
      body,
      size,
      { timeoutMs: call.timeouts.readMs + Math.ceil((size / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1000) },
    );
    if (call.json) return call.out.json(image);
    call.out.line(`Imported ${image.name}: ${image.architecture}, ${bytes(image.sizeBytes)}, sha256 ${image.sha256}.`);
  },
});

export const imageRenameVerb = defineVerb({
  name: 'image rename',
  section: 'Images and snapshots',
  summary: 'Rename an image, or change its description (teachers)',
  description: ['Instances made from it are not affected. Refused while a create from it runs.'],
  arguments: [{ name: 'NAME' }, { name: 'NEW', optional: true }],
  options: { description: { type: 'string', value: 'TEXT', description: 'Its new description' } },
  examples: ['tinystack image rename lab1 lab1-old', 'tinystack image rename lab1 --description "lab 1, fixed"'],
  async run(call) {
    const [name, newName] = [call.args[0]!, call.args[1]];
    const description = call.option('description');
    if (newName === undefined && description === undefined) throw new UsageError('give NEW, --description, or both', 'image rename');
    const image = await call
      .manager()
      .updateImage(name, { ...(newName ? { name: newName } : {}), ...(description !== undefined ? { description } : {}) }, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(image);
    call.out.line(newName ? `Renamed image ${name} to ${image.name}.` : `Changed the description of image ${image.name}.`);
  },
});

export const imageDeleteVerb = defineVerb({
  name: 'image rm',
  section: 'Images and snapshots',
  summary: 'Delete an image from the library (teachers)',
  description: ['Refused, saying why, while a create, batch or warm from it runs. Instances made from it stay; nodes drop their copy as their cache needs room.'],
  arguments: [{ name: 'NAME' }],
  async run(call) {
    await call.manager().deleteImage(call.args[0]!, { timeoutMs: call.timeouts.changeMs });
    if (!call.json) call.out.line(`Deleted image ${call.args[0]}.`);
  },
});

export const imageWarmVerb = defineVerb({
  name: 'image warm',
  section: 'Images and snapshots',
  summary: 'Send an image to every node that lacks it, before a lesson (teachers)',
  description: [
    'Every ACTIVE node of the image\'s architecture gets it once (a partial copy is resumed), so that creates in class move no bytes.',
    operationHelp(secondsOf(DEFAULT_TIMEOUTS.createMs)),
  ],
  arguments: [{ name: 'NAME' }],
  options: { ...NO_WAIT_OPTION },
  examples: ['tinystack image warm lab1'],
  async run(call) {
    await runOperation(call, {
      start: () => call.manager().warmImage(call.args[0]!, { timeoutMs: call.timeouts.readMs }),
      waitMs: call.timeouts.createMs,
      done: (operation) =>
        [`Warmed ${operation.image}:`, ...(operation.results ?? []).map((item) => `  ${item.name}: ${item.message ?? item.status}`)].join('\n'),
    });
  },
});

export const publishVerb = defineVerb({
  name: 'publish',
  section: 'Images and snapshots',
  summary: 'Make a stopped instance an image of the library (teachers)',
  description: [
    'The instance must be stopped: its root filesystem is read from its node and stored as image IMAGE, which the class then ' +
      'creates from (tinystack create NAME --image IMAGE, or tinystack batch).',
    operationHelp(secondsOf(DEFAULT_TIMEOUTS.createMs)),
  ],
  arguments: [{ name: 'NAME' }],
  options: {
    as: { type: 'string', value: 'IMAGE', description: 'The name of the new image; needed' },
    description: { type: 'string', value: 'TEXT', description: 'What it holds' },
    node: { type: 'string', value: 'NODE', description: 'The node (name or id) the instance is on, when two nodes have one of that name' },
    ...NO_WAIT_OPTION,
  },
  examples: ['tinystack publish lab1-master --as lab1'],
  async run(call) {
    const imageName = call.option('as');
    if (!imageName) throw new UsageError('--as IMAGE is needed: the name of the new image', 'publish');
    const instance = await findInstance(call, call.args[0]!, 'publish');
    const description = call.option('description');
    await runOperation(call, {
      start: () =>
        call.manager().publishImage(
          { name: imageName, fromInstance: { nodeId: instance.nodeId, name: instance.name }, ...(description ? { description } : {}) },
          { timeoutMs: call.timeouts.readMs },
        ),
      waitMs: call.timeouts.createMs,
      done: (operation) => `Published ${instance.name} as image ${operation.image} at ${timeOfDay(operation.finishedAt)}.`,
    });
  },
});
