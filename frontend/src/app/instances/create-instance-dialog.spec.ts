import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { CreateInstanceRequest, ManagerNode, Operation } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { danglingAriaReferences } from '../../testing/aria-references';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aNode, anOperation, NODE_ID, OTHER_NODE_ID } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { StrictImagesApi } from '../../testing/strict-images-api';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { ImagesApi, type Image } from '../images/images-api';
import { CreateInstanceDialog } from './create-instance-dialog';

type Create = (request: CreateInstanceRequest) => Promise<Operation>;

const DOWN = aNode({ id: OTHER_NODE_ID, name: 'pi-node-2', state: 'UNREACHABLE' });
const FAULTY = aNode({ id: '11111111-2222-4333-8444-555555555555', name: 'pi-node-3', state: 'FAULTY' });
const LAB1: Image = {
  name: 'lab1',
  description: 'busybox with the lab 1 scripts',
  architecture: 'amd64',
  sizeBytes: 4_200_000,
  sha256: 'a'.repeat(64),
  createdAt: '2026-01-12T09:30:00.000Z',
  source: 'upload',
  createdBy: 'teacher',
};
const ARM: Image = { ...LAB1, name: 'lab-arm', architecture: 'arm64', sha256: 'b'.repeat(64) };
/** A node as the manager would list it if it passed on the board's /health architecture and templates. */
const withBoard = (node: ManagerNode, architecture: string, templates: string[]) => ({ ...node, architecture, templates }) as ManagerNode;
const NO_MEMORY_CGROUP = aNode({
  checks: [
    {
      name: 'memory-cgroup',
      ok: false,
      detail: 'the kernel has the memory controller switched off (cgroup_disable=memory)',
      fix: 'add cgroup_enable=memory to /boot/firmware/cmdline.txt, then reboot',
    },
  ],
});
const PENDING = aNode({ id: '66666666-7777-4888-9999-000000000000', name: 'pi-node-4', state: 'PENDING' });

describe('CreateInstanceDialog', () => {
  let api: StrictManagerApi;
  let images: StrictImagesApi;
  let createInstance: ReturnType<typeof vi.fn<Create>>;
  let fixture: ComponentFixture<CreateInstanceDialog>;
  let element: HTMLElement;
  let accepted: Operation[];

  async function open(inputs: { nodes?: ManagerNode[]; fixedNode?: ManagerNode; images?: Image[] | Error }): Promise<void> {
    createInstance = vi.fn<Create>();
    api = new StrictManagerApi({ createInstance });
    const listed = inputs.images ?? [];
    images = new StrictImagesApi({ list: async () => (listed instanceof Error ? Promise.reject(listed) : listed) });
    TestBed.configureTestingModule({
      providers: [
        { provide: ManagerApi, useValue: api.api },
        { provide: ImagesApi, useValue: images.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
      ],
    });
    fixture = TestBed.createComponent(CreateInstanceDialog);
    if (inputs.nodes) fixture.componentRef.setInput('nodes', inputs.nodes);
    if (inputs.fixedNode) fixture.componentRef.setInput('fixedNode', inputs.fixedNode);
    accepted = [];
    fixture.componentInstance.accepted.subscribe((operation) => accepted.push(operation));
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  afterEach(() => {
    api.verify();
    images.verify();
  });

  function choose(selector: string, value: string): void {
    const select = element.querySelector<HTMLSelectElement>(selector)!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }

  const sourceOptions = () =>
    [...element.querySelectorAll<HTMLOptionElement>('#instance-source option')].map((option) => [option.textContent!.trim(), option.disabled]);

  function type(selector: string, value: string): void {
    const input = element.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(fixture);
  }

  const errorOf = (field: string) => element.querySelector(`[data-testid="error-${field}"]`)?.textContent?.trim() ?? null;

  it('offers automatic placement first, never a node UNREACHABLE or FAULTY, and says which it left out', async () => {
    await open({ nodes: [aNode(), DOWN, FAULTY, PENDING] });
    const options = [...element.querySelectorAll<HTMLOptionElement>('#instance-node option')];
    expect(options.map((option) => [option.textContent!.trim(), option.disabled])).toEqual([
      ['Automatic: the least loaded node', false],
      ['pi-node-1', false],
      ['pi-node-4 — PENDING', true],
    ]);
    expect(element.querySelector('[data-testid="nodes-not-offered"]')!.textContent).toBe(
      'Not offered now: pi-node-2 (UNREACHABLE), pi-node-3 (FAULTY).',
    );
    expect(element.querySelector('#instance-node')!.getAttribute('aria-describedby')).toBe('instance-node-hint');
    expect(danglingAriaReferences(element)).toEqual([]);
    expect(document.activeElement).toBe(element.querySelector('#instance-name'));
  });

  it("shows the manager's 400 details beside the name and the source", async () => {
    await open({ nodes: [aNode()] });
    createInstance.mockRejectedValue(
      new ApiError(400, 'x', [
        'name must be 1 to 63 letters, digits or hyphens, starting with a letter and not ending with a hyphen (got "1bad")',
        'template must be a template name: lower-case letters, digits, ".", "_" or "-" (got "Bad")',
      ]),
    );
    type('#instance-name', '1bad');
    await submit();
    expect(errorOf('name')).toBe(
      'name must be 1 to 63 letters, digits or hyphens, starting with a letter and not ending with a hyphen (got "1bad")',
    );
    expect(errorOf('source')).toBe('template must be a template name: lower-case letters, digits, ".", "_" or "-" (got "Bad")');
    expect(errorOf('form')).toBeNull();
    expect(accepted).toEqual([]);
    expect(element.querySelector('#instance-name')!.getAttribute('aria-describedby')).toBe('instance-name-hint instance-name-error');
    expect(danglingAriaReferences(element)).toEqual([]);
  });

  it('describes each field by its hint, and by its error only while there is one', async () => {
    await open({ nodes: [aNode()] });
    expect(element.querySelector('#instance-name')!.getAttribute('aria-describedby')).toBe('instance-name-hint');
    expect(element.querySelector('#instance-node')!.hasAttribute('aria-describedby')).toBe(false);
    expect(danglingAriaReferences(element)).toEqual([]);
  });

  it('opens as a modal dialog named by its heading, with focus in the name field', async () => {
    await open({ nodes: [aNode()] });
    const dialog = element.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Create an instance');
    expect(document.activeElement).toBe(element.querySelector('#instance-name'));
  });

  it('puts an unknown node beside the node field, and other refusals on the form', async () => {
    await open({ nodes: [aNode()] });
    createInstance.mockRejectedValueOnce(new ApiError(404, `No node with id "${NODE_ID}"`));
    element.querySelector<HTMLSelectElement>('#instance-node')!.value = NODE_ID;
    element.querySelector('#instance-node')!.dispatchEvent(new Event('change'));
    type('#instance-name', 'web3');
    await submit();
    expect(errorOf('node')).toBe(`No node with id "${NODE_ID}"`);

    createInstance.mockRejectedValueOnce(new ApiError(503, 'No ACTIVE node can take the instance: "pi-node-1" is UNREACHABLE'));
    await submit();
    expect(errorOf('node')).toBeNull();
    expect(errorOf('form')).toBe('No ACTIVE node can take the instance: "pi-node-1" is UNREACHABLE');
    expect(accepted).toEqual([]);
  });

  it('creates on the fixed node with the name, template and start choice, and hands on the accepted operation', async () => {
    await open({ fixedNode: aNode() });
    const operation = anOperation({ action: 'create', instance: 'web2' });
    createInstance.mockResolvedValue(operation);
    type('#instance-name', 'web2');
    element.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await submit();
    expect(createInstance).toHaveBeenCalledWith({ name: 'web2', template: 'busybox', nodeId: NODE_ID, start: true });
    expect(accepted).toEqual([operation]);
  });

  it('sends no node when placing automatically', async () => {
    await open({ nodes: [aNode()] });
    createInstance.mockResolvedValue(anOperation({ action: 'create', placement: { formula: 'lower wins', candidates: [] } }));
    type('#instance-name', 'web1');
    await submit();
    expect(createInstance).toHaveBeenCalledWith({ name: 'web1', template: 'busybox', start: false });
  });

  it("offers the library's images and the templates, and creates from an image with limits and autostart", async () => {
    await open({ nodes: [aNode()], images: [LAB1] });
    expect(sourceOptions()).toEqual([
      ['lab1 (amd64, 4.2 MB)', false],
      ['busybox', false],
    ]);
    expect(element.querySelector('#instance-template')).toBeNull();
    const operation = anOperation({ action: 'create', instance: 'lab-a', image: 'lab1' });
    createInstance.mockResolvedValue(operation);
    type('#instance-name', 'lab-a');
    choose('#instance-source', 'image:lab1');
    type('[data-testid="limit-memoryMiB"]', '32');
    type('[data-testid="limit-processes"]', '64');
    element.querySelector<HTMLInputElement>('[data-testid="create-autostart"]')!.click();
    await submit();
    expect(createInstance).toHaveBeenCalledWith({ name: 'lab-a', image: 'lab1', start: false, autostart: true, limits: { memoryMiB: 32, processes: 64 } });
    expect(accepted).toEqual([operation]);
    expect(danglingAriaReferences(element)).toEqual([]);
  });

  it("offers the templates the chosen node allows, and an image of another architecture disabled, saying why", async () => {
    await open({ nodes: [withBoard(aNode(), 'amd64', ['busybox', 'download'])], images: [LAB1, ARM] });
    choose('#instance-node', NODE_ID);
    await settle(fixture);
    expect(sourceOptions()).toEqual([
      ['lab1 (amd64, 4.2 MB)', false],
      ['lab-arm (arm64, 4.2 MB) — another architecture', true],
      ['busybox', false],
      ['download', false],
    ]);
    expect(element.querySelector('[data-testid="source-hint"]')!.textContent).toContain('Not for this node: lab-arm is for arm64: pi-node-1 is amd64.');
  });

  it('says why the images are missing when the library cannot be read, and still offers the templates', async () => {
    await open({ nodes: [aNode()], images: new ApiError(503, 'The manager is starting') });
    expect(sourceOptions()).toEqual([['busybox', false]]);
    expect(element.querySelector('[data-testid="source-hint"]')!.textContent).toContain('Could not read the images: The manager is starting');
  });

  it('warns before create that a node without the memory controller cannot enforce a memory limit', async () => {
    await open({ fixedNode: NO_MEMORY_CGROUP });
    expect(element.querySelector('[data-testid="limit-warning"]')).toBeNull();
    type('[data-testid="limit-memoryMiB"]', '32');
    await settle(fixture);
    expect(element.querySelector('[data-testid="limit-warning"]')!.textContent).toBe(
      'Warning: pi-node-1 cannot enforce a memory limit: the kernel has the memory controller switched off (cgroup_disable=memory) (add cgroup_enable=memory to /boot/firmware/cmdline.txt, then reboot) The limit would not be enforced.',
    );
  });

  it("puts the manager's limit errors beside their fields", async () => {
    await open({ nodes: [aNode()] });
    createInstance.mockRejectedValue(new ApiError(400, 'x', ['limits.memoryMiB must not be less than 16', 'limits.cpus must be at most 4: this board has 4 CPUs']));
    type('#instance-name', 'web1');
    type('[data-testid="limit-memoryMiB"]', '1');
    type('[data-testid="limit-cpus"]', '9');
    await submit();
    expect(errorOf('limits.memoryMiB')).toBe('limits.memoryMiB must not be less than 16');
    expect(errorOf('limits.cpus')).toBe('limits.cpus must be at most 4: this board has 4 CPUs');
    expect(createInstance).toHaveBeenCalledWith({ name: 'web1', template: 'busybox', start: false, limits: { memoryMiB: 1, cpus: 9 } });
    expect(element.querySelector('[data-testid="limit-memoryMiB"]')!.getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('.visually-hidden[aria-live]')!.textContent!.trim()).toBe('Not created: limits.memoryMiB must not be less than 16');
    expect(danglingAriaReferences(element)).toEqual([]);
  });
});
