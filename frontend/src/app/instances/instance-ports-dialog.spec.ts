import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { danglingAriaReferences } from '../../testing/aria-references';
import { NODE_ID } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { StrictInstanceAccessApi } from '../../testing/strict-instance-access-api';
import { InstanceAccessApi, type ExposePortRequest, type PortForward, type PortProtocol } from './instance-access-api';
import { InstancePorts } from './instance-ports';
import { InstancePortsDialog } from './instance-ports-dialog';

type ListPorts = (nodeId: string, name: string) => Promise<PortForward[]>;
type Expose = (nodeId: string, name: string, request: ExposePortRequest) => Promise<PortForward>;
type Unexpose = (nodeId: string, name: string, hostPort: number, protocol: PortProtocol) => Promise<void>;

const WEB: PortForward = { hostPort: 20080, containerPort: 80, protocol: 'tcp', url: 'http://10.0.0.21:20080' };
const COAP: PortForward = { hostPort: 20683, containerPort: 5683, protocol: 'udp', url: 'udp://10.0.0.21:20683' };

/** The dialog as the instance list shows it: with the list's InstancePorts. */
@Component({
  imports: [InstancePortsDialog],
  providers: [InstancePorts],
  template: `@if (open()) {
    <ts-instance-ports-dialog [instance]="{ nodeId: nodeId, name: 'web1' }" (closed)="open.set(false)" />
  }`,
})
class PortsHost {
  readonly open = signal(true);
  readonly nodeId = NODE_ID;
}

describe('InstancePortsDialog', () => {
  let listPorts: ReturnType<typeof vi.fn<ListPorts>>;
  let exposePort: ReturnType<typeof vi.fn<Expose>>;
  let unexposePort: ReturnType<typeof vi.fn<Unexpose>>;
  let api: StrictInstanceAccessApi;
  let fixture: ComponentFixture<PortsHost>;
  let element: HTMLElement;

  async function open(forwards: PortForward[] | ApiError): Promise<void> {
    listPorts = vi.fn<ListPorts>(async () => {
      if (forwards instanceof ApiError) throw forwards;
      return forwards;
    });
    exposePort = vi.fn<Expose>();
    unexposePort = vi.fn<Unexpose>(async () => undefined);
    api = new StrictInstanceAccessApi({ listPorts, exposePort, unexposePort });
    TestBed.configureTestingModule({ providers: [{ provide: InstanceAccessApi, useValue: api.api }] });
    fixture = TestBed.createComponent(PortsHost);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    await settle(fixture);
  }

  afterEach(() => api.verify());

  function type(selector: string, value: string): void {
    const input = element.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    // As in a browser, the page renders between a key press and the submit.
    fixture.detectChanges();
  }

  async function submit(): Promise<void> {
    element.querySelector<HTMLFormElement>('[data-testid="expose-form"]')!.requestSubmit();
    await settle(fixture);
  }

  const forwards = () => [...element.querySelectorAll('[data-testid="forward"]')].map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
  const errorOf = (field: string) => element.querySelector(`[data-testid="error-${field}"]`)?.textContent?.trim() ?? null;
  const announcement = () => element.querySelector('[data-testid="ports-announcement"]')!.textContent!.trim();

  it("reads the instance's forwards as it opens: http:// as links to a new tab, udp:// as text, each with Remove", async () => {
    await open([COAP, WEB]);
    expect(listPorts).toHaveBeenCalledWith(NODE_ID, 'web1');
    expect(element.querySelector('dialog h2')!.textContent).toBe('Ports of web1');
    expect(forwards()).toEqual([
      'http://10.0.0.21:20080 → port 80/tcp Remove the forward of board port 20080/tcp',
      'udp://10.0.0.21:20683 → port 5683/udp Remove the forward of board port 20683/udp',
    ]);
    const links = element.querySelectorAll<HTMLAnchorElement>('[data-testid="forward"] a');
    expect([...links].map((link) => [link.getAttribute('href'), link.target, link.rel])).toEqual([
      ['http://10.0.0.21:20080', '_blank', 'noopener noreferrer'],
    ]);
    expect(danglingAriaReferences(element)).toEqual([]);
  });

  it('exposes a port with the node picking the board port, and shows the new forward', async () => {
    await open([]);
    expect(element.querySelector('[data-testid="no-forwards"]')!.textContent).toBe('No port of the board forwards to web1 yet.');
    exposePort.mockResolvedValue(WEB);
    type('#expose-container-port', ' 80 ');
    await submit();
    expect(exposePort).toHaveBeenCalledWith(NODE_ID, 'web1', { containerPort: 80, protocol: 'tcp' });
    expect(forwards()).toHaveLength(1);
    expect(announcement()).toBe('Exposed port 80/tcp of "web1" at http://10.0.0.21:20080.');
    expect(element.querySelector<HTMLInputElement>('#expose-container-port')!.value).toBe('');
  });

  it('sends the protocol and board port chosen', async () => {
    await open([]);
    exposePort.mockResolvedValue(COAP);
    type('#expose-container-port', '5683');
    type('#expose-protocol', 'udp');
    type('#expose-host-port', '20683');
    await submit();
    expect(exposePort).toHaveBeenCalledWith(NODE_ID, 'web1', { containerPort: 5683, protocol: 'udp', hostPort: 20683 });
  });

  it('shows a taken board port (409) beside the board port, and a bad port (400) beside its field', async () => {
    await open([WEB]);
    exposePort.mockRejectedValueOnce(new ApiError(409, 'Node "pi-node-1": Port 20080/tcp is taken: it forwards to "web1" port 80'));
    type('#expose-container-port', '8080');
    type('#expose-host-port', '20080');
    await submit();
    expect(errorOf('hostPort')).toBe('Node "pi-node-1": Port 20080/tcp is taken: it forwards to "web1" port 80');
    expect(element.querySelector('#expose-host-port')!.getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('#expose-host-port')!.getAttribute('aria-describedby')).toBe('expose-host-port-hint expose-host-port-error');
    expect(announcement()).toBe('Not exposed: Node "pi-node-1": Port 20080/tcp is taken: it forwards to "web1" port 80');
    expect(danglingAriaReferences(element)).toEqual([]);

    exposePort.mockRejectedValueOnce(
      new ApiError(400, 'x', ['containerPort must be a whole number from 1 to 65535', "hostPort 8 is outside this node's PORT_RANGE 20000-20999"]),
    );
    type('#expose-container-port', 'abc');
    type('#expose-host-port', '8');
    await submit();
    expect(exposePort).toHaveBeenLastCalledWith(NODE_ID, 'web1', { containerPort: Number.NaN, protocol: 'tcp', hostPort: 8 });
    expect(errorOf('containerPort')).toBe('containerPort must be a whole number from 1 to 65535');
    expect(errorOf('hostPort')).toBe("hostPort 8 is outside this node's PORT_RANGE 20000-20999");
    expect(errorOf('form')).toBeNull();

    // A refusal about no field (the instance has as many forwards as it may) is the form's.
    exposePort.mockRejectedValueOnce(new ApiError(409, 'Node "pi-node-1": Instance "web1" already has 16 port forwards, the most one may have'));
    type('#expose-container-port', '81');
    type('#expose-host-port', '');
    await submit();
    expect(errorOf('form')).toBe('Node "pi-node-1": Instance "web1" already has 16 port forwards, the most one may have');
    expect(errorOf('hostPort')).toBeNull();
  });

  it('removes a forward, and focus goes to the Remove now in its place, then to the form', async () => {
    await open([WEB, COAP]);
    const removeButtons = () => [...element.querySelectorAll<HTMLButtonElement>('[data-testid="unexpose"]')];
    removeButtons()[0]!.focus();
    removeButtons()[0]!.click();
    await settle(fixture);
    expect(unexposePort).toHaveBeenCalledWith(NODE_ID, 'web1', 20080, 'tcp');
    expect(forwards()).toHaveLength(1);
    expect(announcement()).toBe('Removed the forward of board port 20080/tcp.');
    expect(document.activeElement).toBe(removeButtons()[0]);

    removeButtons()[0]!.click();
    await settle(fixture);
    expect(unexposePort).toHaveBeenLastCalledWith(NODE_ID, 'web1', 20683, 'udp');
    expect(document.activeElement).toBe(element.querySelector('#expose-container-port'));
  });

  it('says why the ports could not be read, and still offers the form', async () => {
    await open(new ApiError(502, 'Node "pi-node-1" at http://10.0.0.21:7001 could not be reached: ECONNREFUSED'));
    expect(element.querySelector('[data-testid="ports-error"]')!.textContent).toBe(
      'Could not read the ports: Node "pi-node-1" at http://10.0.0.21:7001 could not be reached: ECONNREFUSED',
    );
    expect(element.querySelector('[data-testid="expose-form"]')).not.toBeNull();
  });
});
