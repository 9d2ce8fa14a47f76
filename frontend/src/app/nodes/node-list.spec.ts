import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { ManagerApi } from '../api/manager-api';
import type { CreateInstanceRequest, ManagerNode, Operation } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { deferred } from '../../testing/deferred';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aNode, anAdmin, anOperation, aUser, endOf, NODE_ID, OTHER_NODE_ID, operationEvent } from '../../testing/manager-fixtures';
import { signInAs } from '../../testing/signed-in';
import { settle } from '../../testing/settle';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { NodeList } from './node-list';

const THIRD_NODE_ID = '11111111-2222-4333-8444-555555555555';
/** The "Add a board" panel below the list reads the join tokens and the boards waiting to be added. */
const ADD_BOARD_READS = { listJoinTokens: async () => [], listDiscovered: async () => [] };

describe('NodeList', () => {
  let live: FakeLiveEvents;
  let listNodes: ReturnType<typeof vi.fn<() => Promise<ManagerNode[]>>>;
  let api: StrictManagerApi;

  afterEach(() => api.verify());

  async function render(nodes: ManagerNode[]): Promise<{ fixture: ComponentFixture<NodeList>; element: HTMLElement }> {
    listNodes = vi.fn(async () => nodes);
    api = new StrictManagerApi({ listNodes, ...ADD_BOARD_READS });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: live.asLiveEvents() },
      ],
    });
    signInAs(anAdmin());
    const fixture = TestBed.createComponent(NodeList);
    await settle(fixture);
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const rowOf = (element: HTMLElement, id: string) => element.querySelector<HTMLElement>(`tr[data-node-id="${id}"]`)!;
  const cell = (row: HTMLElement, name: string) => row.querySelector(`[data-testid="node-${name}"]`)!.textContent!.trim();

  it("shows each node's ID, state, address and the paper's figures, plus latency, temperature and instances", async () => {
    const { element } = await render([aNode()]);
    const row = rowOf(element, aNode().id);
    expect(row.querySelector('a')!.textContent).toBe('pi-node-1');
    expect(row.textContent).toContain('3f1c2a9e');
    expect(row.textContent).toContain('http://10.0.0.21:7001');
    expect(cell(row, 'state')).toContain('ACTIVE');
    expect(cell(row, 'cpu')).toBe('12.5 %');
    expect(cell(row, 'iops')).toBe('3.5');
    expect(cell(row, 'memory')).toBe('41.3 %');
    expect(cell(row, 'rx')).toBe('2.0 kB/s');
    expect(cell(row, 'tx')).toBe('1.0 kB/s');
    expect(cell(row, 'latency')).toBe('14 ms');
    expect(cell(row, 'temperature')).toBe('48.2 °C');
    expect(cell(row, 'instances')).toBe('2 running / 3');
    expect(element.querySelector('[data-testid="node-problem"]')).toBeNull();
  });

  it('makes an UNREACHABLE node unmistakable: marked row, the word and a symbol, and its last error', async () => {
    const down = aNode({
      id: OTHER_NODE_ID,
      name: 'pi-node-2',
      state: 'UNREACHABLE',
      lastError: 'connection refused (connect ECONNREFUSED 10.0.0.22:7001)',
      consecutiveFailures: 4,
      usage: null,
      pollLatencyMs: null,
    });
    const { element } = await render([aNode(), down]);
    const row = rowOf(element, OTHER_NODE_ID);
    expect(row.classList).toContain('out-of-service');
    expect(cell(row, 'state')).toBe('✖ UNREACHABLE');
    expect(cell(row, 'cpu')).toBe('—');
    const problem = row.nextElementSibling as HTMLElement;
    expect(problem.getAttribute('data-testid')).toBe('node-problem');
    expect(problem.textContent).toContain('pi-node-2 is UNREACHABLE');
    expect(problem.querySelector('[data-testid="node-last-error"]')!.textContent).toBe(
      'connection refused (connect ECONNREFUSED 10.0.0.22:7001)',
    );
    expect(row.querySelector('button')!.getAttribute('aria-disabled')).toBe('true');
    expect(rowOf(element, aNode().id).classList).not.toContain('out-of-service');
  });

  it('shows a FAULTY node like an UNREACHABLE one, with what its answer broke, and marks its last good figures stale', async () => {
    const faulty = aNode({
      id: OTHER_NODE_ID,
      name: 'pi-node-2',
      state: 'FAULTY',
      lastError: 'GET /usage: cpuPercent must be a number from 0 to 100 (got "99")',
      usageStale: true,
    });
    const { element } = await render([aNode(), faulty]);
    const row = rowOf(element, OTHER_NODE_ID);
    expect(row.classList).toContain('out-of-service');
    expect(cell(row, 'state')).toBe('✖ FAULTY');
    expect(row.querySelector('[data-testid="usage-stale"]')!.textContent).toBe('stale figures');
    // The last good figures stay, marked: the figures are not hidden, and not passed off as fresh.
    expect(cell(row, 'cpu')).toBe('12.5 %');
    const problem = row.nextElementSibling as HTMLElement;
    expect(problem.classList).toContain('out-of-service');
    expect(problem.textContent).toContain('pi-node-2 is FAULTY');
    expect(problem.querySelector('[data-testid="node-last-error"]')!.textContent).toBe(
      'GET /usage: cpuPercent must be a number from 0 to 100 (got "99")',
    );
    expect(problem.textContent).toContain('Its figures are stale');
    expect(row.querySelector('button')!.getAttribute('aria-disabled')).toBe('true');
    expect(row.querySelector('button')!.getAttribute('title')).toBe('The node is FAULTY');
    expect(rowOf(element, aNode().id).querySelector('[data-testid="usage-stale"]')).toBeNull();
  });

  it('says why a node without LXC cannot run instances, and offers no create there', async () => {
    const lacking = aNode({
      id: THIRD_NODE_ID,
      name: 'no-lxc',
      instanceCount: null,
      runningInstanceCount: null,
      instancesError: 'LXC is not usable on this node: lxc-ls is not installed',
    });
    const { element } = await render([lacking]);
    const row = rowOf(element, THIRD_NODE_ID);
    expect(cell(row, 'instances')).toBe('—');
    expect(row.querySelector('button')!.getAttribute('aria-disabled')).toBe('true');
    expect(element.querySelector('[data-testid="node-instances-error"]')!.textContent).toBe(
      'LXC is not usable on this node: lxc-ls is not installed',
    );
  });

  it('changes the figures as usage events arrive, without asking the manager again', async () => {
    const { fixture, element } = await render([aNode()]);
    const busier = aNode({ usage: { ...aNode().usage!, cpuPercent: 87.25, iops: 120 }, pollLatencyMs: 3.2 });
    live.emit({ type: 'node-usage', at: '2025-01-01T10:00:02.000Z', node: busier, instanceFigures: [] });
    await settle(fixture);
    const row = rowOf(element, aNode().id);
    expect(cell(row, 'cpu')).toBe('87.3 %');
    expect(cell(row, 'iops')).toBe('120.0');
    expect(cell(row, 'latency')).toBe('3.2 ms');
    expect(listNodes).toHaveBeenCalledTimes(1);
  });

  it('shows a node going UNREACHABLE from a node-state event, and drops a removed node', async () => {
    const second = aNode({ id: OTHER_NODE_ID, name: 'pi-node-2' });
    const { fixture, element } = await render([aNode(), second]);
    live.emit({
      type: 'node-state',
      at: '2025-01-01T10:00:05.000Z',
      previousState: 'ACTIVE',
      node: aNode({ state: 'UNREACHABLE', lastError: 'no answer within 1500 ms' }),
    });
    live.emit({ type: 'node-removed', at: '2025-01-01T10:00:06.000Z', nodeId: OTHER_NODE_ID });
    await settle(fixture);
    expect(element.querySelectorAll('[data-testid="node-row"]')).toHaveLength(1);
    expect(cell(rowOf(element, aNode().id), 'state')).toBe('✖ UNREACHABLE');
    expect(element.querySelector('[data-testid="node-last-error"]')!.textContent).toBe('no answer within 1500 ms');
  });

  it('reloads the list when the live stream comes back after a drop', async () => {
    const { fixture } = await render([aNode()]);
    live.resume();
    await settle(fixture);
    expect(listNodes).toHaveBeenCalledTimes(2);
  });

  it('opens the create dialog for the node whose "create instance here" was pressed, and gives focus back to that button', async () => {
    const { fixture, element } = await render([aNode()]);
    const create = rowOf(element, aNode().id).querySelector('button')!;
    create.focus();
    create.click();
    await settle(fixture);
    expect(element.querySelector('dialog h2')!.textContent).toBe('Create an instance on pi-node-1');
    expect(element.querySelector('#instance-node')).toBeNull();
    expect(element.querySelector('dialog')!.contains(document.activeElement)).toBe(true);

    [...element.querySelectorAll<HTMLButtonElement>('dialog button')].find((button) => button.textContent!.trim() === 'Cancel')!.click();
    await settle(fixture);
    expect(element.querySelector('dialog')).toBeNull();
    expect(document.activeElement).toBe(create);
  });

  it('creates "here" as an operation: closes the dialog at once, says so, and says again once the node has done it', async () => {
    listNodes = vi.fn(async () => [aNode()]);
    const accepted = anOperation({ action: 'create', instance: 'web2' });
    const createInstance = vi.fn(async (_request: CreateInstanceRequest): Promise<Operation> => accepted);
    api = new StrictManagerApi({ listNodes, createInstance, ...ADD_BOARD_READS });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: live.asLiveEvents() },
      ],
    });
    const fixture = TestBed.createComponent(NodeList);
    const element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    rowOf(element, aNode().id).querySelector('button')!.click();
    await settle(fixture);
    const name = element.querySelector<HTMLInputElement>('#instance-name')!;
    name.value = 'web2';
    name.dispatchEvent(new Event('input'));
    name.form!.requestSubmit();
    await settle(fixture);
    expect(createInstance).toHaveBeenCalledWith({ name: 'web2', template: 'busybox', nodeId: NODE_ID, start: false });
    expect(element.querySelector('dialog')).toBeNull();
    const announcement = () => element.querySelector('[data-testid="nodes-announcement"]')!;
    expect(announcement().textContent).toBe('Creating "web2" on "pi-node-1"…');

    live.emit(operationEvent(endOf(accepted, { error: { statusCode: 409, message: 'Node "pi-node-1": An instance named "web2" already exists' } })));
    await settle(fixture);
    expect(announcement().textContent).toBe('Could not create "web2": Node "pi-node-1": An instance named "web2" already exists');
    expect(announcement().classList).toContain('failure');
  });

  it('opens no dialog for a node that cannot take an instance', async () => {
    const { fixture, element } = await render([aNode({ state: 'UNREACHABLE' })]);
    rowOf(element, aNode().id).querySelector('button')!.click();
    await settle(fixture);
    expect(element.querySelector('dialog')).toBeNull();
  });

  it('shows the "Add a node" form only once the rows are in, so that it does not jump down the page', async () => {
    const answer = deferred<ManagerNode[]>();
    api = new StrictManagerApi({ listNodes: () => answer.promise, ...ADD_BOARD_READS });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
      ],
    });
    signInAs(anAdmin());
    const fixture = TestBed.createComponent(NodeList);
    const element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    expect(element.textContent).toContain('Loading nodes…');
    expect(element.querySelector('ts-add-node-form')).toBeNull();

    answer.resolve([aNode()]);
    await settle(fixture);
    expect(element.querySelector('ts-add-node-form')).not.toBeNull();
  });

  it('shows a member (a learner) the figures and "Create", but not the form that registers a node', async () => {
    api = new StrictManagerApi({ listNodes: async () => [aNode()] });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
      ],
    });
    signInAs(aUser());
    const fixture = TestBed.createComponent(NodeList);
    const element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    expect(rowOf(element, aNode().id).querySelector('[data-testid="node-cpu"]')!.textContent).toContain('12.5 %');
    expect(rowOf(element, aNode().id).querySelector('button')!.textContent).toContain('Create');
    expect(element.querySelector('ts-add-node-form')).toBeNull();
    expect(element.textContent).not.toContain('Add a node');
  });
});
