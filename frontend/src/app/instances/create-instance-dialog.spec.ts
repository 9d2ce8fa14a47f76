import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { CreatedInstance, CreateInstanceRequest, ManagerNode } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { danglingAriaReferences } from '../../testing/aria-references';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aNode, anInstance, detailsOf, NODE_ID, OTHER_NODE_ID } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { CreateInstanceDialog } from './create-instance-dialog';
import { InstancesStore } from './instances-store';

type Create = (request: CreateInstanceRequest) => Promise<CreatedInstance>;

const DOWN = aNode({ id: OTHER_NODE_ID, name: 'pi-node-2', state: 'UNREACHABLE' });

describe('CreateInstanceDialog', () => {
  let api: StrictManagerApi;
  let createInstance: ReturnType<typeof vi.fn<Create>>;
  let fixture: ComponentFixture<CreateInstanceDialog>;
  let element: HTMLElement;
  let created: CreatedInstance[];

  async function open(inputs: { nodes?: ManagerNode[]; fixedNode?: ManagerNode }): Promise<void> {
    createInstance = vi.fn<Create>();
    api = new StrictManagerApi({ createInstance });
    TestBed.configureTestingModule({
      providers: [
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
      ],
    });
    fixture = TestBed.createComponent(CreateInstanceDialog);
    if (inputs.nodes) fixture.componentRef.setInput('nodes', inputs.nodes);
    if (inputs.fixedNode) fixture.componentRef.setInput('fixedNode', inputs.fixedNode);
    created = [];
    fixture.componentInstance.created.subscribe((instance) => created.push(instance));
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  afterEach(() => api.verify());

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

  it('offers automatic placement first and only nodes that can take an instance', async () => {
    await open({ nodes: [aNode(), DOWN] });
    const options = [...element.querySelectorAll<HTMLOptionElement>('#instance-node option')];
    expect(options.map((option) => [option.textContent!.trim(), option.disabled])).toEqual([
      ['Automatic: the least loaded node', false],
      ['pi-node-1', false],
      ['pi-node-2 — UNREACHABLE', true],
    ]);
    expect(document.activeElement).toBe(element.querySelector('#instance-name'));
  });

  it("shows the manager's 400 details beside the name and the template", async () => {
    await open({ nodes: [aNode()] });
    createInstance.mockRejectedValue(
      new ApiError(400, 'x', [
        'name must be 1 to 63 letters, digits or hyphens, starting with a letter and not ending with a hyphen (got "1bad")',
        'template must be a template name: lower-case letters, digits, ".", "_" or "-" (got "Bad")',
      ]),
    );
    type('#instance-name', '1bad');
    type('#instance-template', 'Bad');
    await submit();
    expect(errorOf('name')).toBe(
      'name must be 1 to 63 letters, digits or hyphens, starting with a letter and not ending with a hyphen (got "1bad")',
    );
    expect(errorOf('template')).toBe('template must be a template name: lower-case letters, digits, ".", "_" or "-" (got "Bad")');
    expect(errorOf('form')).toBeNull();
    expect(created).toEqual([]);
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

  it('puts a duplicate name (409 from the node) beside the name, and other refusals on the form', async () => {
    await open({ fixedNode: aNode() });
    createInstance.mockRejectedValueOnce(new ApiError(409, 'Node "pi-node-1": An instance named "twin" already exists'));
    type('#instance-name', 'twin');
    await submit();
    expect(errorOf('name')).toBe('Node "pi-node-1": An instance named "twin" already exists');

    createInstance.mockRejectedValueOnce(new ApiError(503, 'Node "pi-node-1": LXC is not usable on this node'));
    await submit();
    expect(errorOf('name')).toBeNull();
    expect(errorOf('form')).toBe('Node "pi-node-1": LXC is not usable on this node');
  });

  it('creates on the fixed node with the name, template and start choice, and reports it', async () => {
    await open({ fixedNode: aNode() });
    const answer: CreatedInstance = { ...detailsOf(anInstance({ name: 'web2', id: 'web2' })), placement: null };
    createInstance.mockResolvedValue(answer);
    type('#instance-name', 'web2');
    element.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await submit();
    expect(createInstance).toHaveBeenCalledWith({ name: 'web2', template: 'busybox', nodeId: NODE_ID, start: true });
    expect(created).toEqual([answer]);
    expect(TestBed.inject(InstancesStore).instances().map((instance) => instance.name)).toEqual(['web2']);
  });

  it('sends no node when placing automatically', async () => {
    await open({ nodes: [aNode()] });
    createInstance.mockResolvedValue({
      ...detailsOf(anInstance()),
      placement: { formula: 'lower wins', candidates: [] },
    });
    type('#instance-name', 'web1');
    await submit();
    expect(createInstance).toHaveBeenCalledWith({ name: 'web1', template: 'busybox', start: false });
  });
});
