import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { ManagerNode, RegisterNodeRequest } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { danglingAriaReferences } from '../../testing/aria-references';
import { deferred } from '../../testing/deferred';
import { settle } from '../../testing/settle';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aNode } from '../../testing/manager-fixtures';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { AddNodeForm } from './add-node-form';
import { NodesStore } from './nodes-store';

describe('AddNodeForm', () => {
  let api: StrictManagerApi;
  let registerNode: ReturnType<typeof vi.fn<(request: RegisterNodeRequest) => Promise<ManagerNode>>>;
  let fixture: ComponentFixture<AddNodeForm>;
  let element: HTMLElement;

  beforeEach(async () => {
    registerNode = vi.fn<(request: RegisterNodeRequest) => Promise<ManagerNode>>();
    api = new StrictManagerApi({ registerNode });
    TestBed.configureTestingModule({
      providers: [
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
      ],
    });
    fixture = TestBed.createComponent(AddNodeForm);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

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

  it('describes each field by its hint, and by its error only while there is one', async () => {
    const describedBy = () => ['url', 'token', 'name'].map((field) => element.querySelector(`#node-${field}`)!.getAttribute('aria-describedby'));
    expect(describedBy()).toEqual(['node-url-hint', 'node-token-hint', 'node-name-hint']);
    expect(danglingAriaReferences(element)).toEqual([]);

    registerNode.mockRejectedValue(new ApiError(400, 'url must be a string', ['url must be a string']));
    await submit();
    expect(describedBy()).toEqual(['node-url-hint node-url-error', 'node-token-hint', 'node-name-hint']);
    expect(danglingAriaReferences(element)).toEqual([]);
  });

  it("shows the manager's validation details beside the fields they are about", async () => {
    registerNode.mockRejectedValue(
      new ApiError(400, 'url must be a string; token must not be empty', ['url must be a string', 'token must not be empty']),
    );
    await submit();
    expect(errorOf('url')).toBe('url must be a string');
    expect(errorOf('token')).toBe('token must not be empty');
    expect(errorOf('name')).toBeNull();
    expect(errorOf('form')).toBeNull();
    expect(element.querySelector('#node-url')!.getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('#node-name')!.getAttribute('aria-invalid')).toBeNull();
  });

  it('puts a bad address (400 without details) beside the address', async () => {
    registerNode.mockRejectedValue(new ApiError(400, 'url must start with http:// or https://, like http://10.0.0.21:7001 (got "ftp://x")'));
    type('#node-url', 'ftp://x');
    await submit();
    expect(errorOf('url')).toBe('url must start with http:// or https://, like http://10.0.0.21:7001 (got "ftp://x")');
  });

  it('puts a taken name (409) beside the name and a refused token (422) beside the token', async () => {
    registerNode.mockRejectedValueOnce(new ApiError(409, 'A node named "alpha" is already registered (node "alpha", id x); choose another name'));
    await submit();
    expect(errorOf('name')).toContain('A node named "alpha" is already registered');
    expect(errorOf('url')).toBeNull();

    registerNode.mockRejectedValueOnce(new ApiError(422, 'The compute node at http://10.0.0.21:7001 refused the token: The token was not accepted'));
    await submit();
    expect(errorOf('token')).toBe('The compute node at http://10.0.0.21:7001 refused the token: The token was not accepted');
    expect(errorOf('name')).toBeNull();
  });

  it('shows a message that names no field on the form itself', async () => {
    registerNode.mockRejectedValue(new ApiError(400, 'property tokn should not exist', ['property tokn should not exist']));
    await submit();
    expect(errorOf('form')).toBe('property tokn should not exist');
  });

  it('sends the address, token and name, shows progress meanwhile, then clears the form and reports the node', async () => {
    const answer = deferred<ManagerNode>();
    registerNode.mockReturnValue(answer.promise);
    const registered: ManagerNode[] = [];
    fixture.componentInstance.registered.subscribe((node) => registered.push(node));
    type('#node-url', ' http://10.0.0.21:7001 ');
    type('#node-token', 'secret-token');
    type('#node-name', 'pi-node-1');
    element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(fixture);
    const button = element.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.textContent).toContain('Contacting the node…');
    expect(registerNode).toHaveBeenCalledWith({ url: 'http://10.0.0.21:7001', token: 'secret-token', name: 'pi-node-1' });

    answer.resolve(aNode());
    await settle(fixture);
    expect(registered).toEqual([aNode()]);
    expect(TestBed.inject(NodesStore).nodes()).toEqual([aNode()]);
    expect(element.querySelector<HTMLInputElement>('#node-url')!.value).toBe('');
    expect(button.getAttribute('aria-disabled')).toBeNull();
  });

  it('leaves the name out when none is given, so the manager picks the host name', async () => {
    registerNode.mockResolvedValue(aNode());
    type('#node-url', 'http://10.0.0.21:7001');
    type('#node-token', 't');
    await submit();
    expect(registerNode).toHaveBeenCalledWith({ url: 'http://10.0.0.21:7001', token: 't' });
  });
});
