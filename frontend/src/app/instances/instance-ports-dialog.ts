import { ChangeDetectionStrategy, Component, DOCUMENT, ElementRef, afterNextRender, inject, input, output, signal, Injector } from '@angular/core';
import { describeFailure } from '../api/api-error';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { ModalDialog } from '../dialog/modal-dialog';
import type { PortForward, PortProtocol } from './instance-access-api';
import { InstancePorts, opensInBrowser, type PortsTarget } from './instance-ports';

type PortField = 'containerPort' | 'protocol' | 'hostPort';
const FIELDS: readonly PortField[] = ['containerPort', 'protocol', 'hostPort'];

/** A taken board port ("Port 20080/tcp is taken: …", "… is the compute node's own API port") is about the host port. */
function fieldOfRefusal(message: string, status: number): PortField | null {
  return status === 409 && /^(Node "[^"]*": )?Port \d+\//.test(message) ? 'hostPort' : null;
}

/**
 * The ports of one instance: its forwards (the http:// ones open in a new
 * tab), each with Remove, and a form to expose one more. A refusal shows
 * beside the field it is about (a port taken on the board beside the host
 * port), what happened in the live region. When a forward is removed, focus
 * goes to the next one's Remove, or to the form.
 */
@Component({
  selector: 'ts-instance-ports-dialog',
  imports: [ModalDialog],
  templateUrl: './instance-ports-dialog.html',
  styleUrl: './instance-ports-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InstancePortsDialog {
  /** The list's forwards, which this dialog reads again and changes. */
  private readonly ports = inject(InstancePorts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  readonly instance = input.required<PortsTarget>();
  readonly closed = output<void>();

  protected readonly containerPort = signal('');
  protected readonly protocol = signal<PortProtocol>('tcp');
  protected readonly hostPort = signal('');
  protected readonly busy = signal(false);
  /** The forward being removed (its host port and protocol). */
  protected readonly removing = signal<string | null>(null);
  protected readonly errors = signal<FormErrors<PortField>>(NO_FORM_ERRORS);
  protected readonly announcement = signal<{ text: string; failed: boolean } | null>(null);
  protected readonly describedBy = describedBy;
  protected readonly opensInBrowser = opensInBrowser;

  constructor() {
    afterNextRender(() => void this.ports.reload(this.instance()));
  }

  protected forwards(): readonly PortForward[] | undefined {
    return this.ports.of(this.instance());
  }

  protected readError(): string | undefined {
    return this.ports.errorOf(this.instance());
  }

  protected idOf(forward: PortForward): string {
    return `${forward.hostPort}/${forward.protocol}`;
  }

  protected async expose(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.errors.set(NO_FORM_ERRORS);
    const hostPort = this.hostPort().trim();
    const name = this.instance().name;
    try {
      const forward = await this.ports.expose(this.instance(), {
        // What was typed, as a number: the manager says what is wrong with it ("", "abc", 70000).
        containerPort: Number(this.containerPort().trim()),
        protocol: this.protocol(),
        ...(hostPort ? { hostPort: Number(hostPort) } : {}),
      });
      this.containerPort.set('');
      this.hostPort.set('');
      this.announcement.set({ text: `Exposed port ${forward.containerPort}/${forward.protocol} of "${name}" at ${forward.url}.`, failed: false });
    } catch (error) {
      const errors = formErrorsOf(error, FIELDS, fieldOfRefusal);
      this.errors.set(errors);
      const first = errors.form ?? errors.fields.containerPort ?? errors.fields.protocol ?? errors.fields.hostPort;
      this.announcement.set({ text: `Not exposed: ${first}`, failed: true });
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(forward: PortForward): Promise<void> {
    if (this.removing()) return;
    const id = this.idOf(forward);
    const index = this.forwards()?.findIndex((other) => this.idOf(other) === id) ?? -1;
    this.removing.set(id);
    try {
      await this.ports.unexpose(this.instance(), forward);
      this.announcement.set({ text: `Removed the forward of board port ${forward.hostPort}/${forward.protocol}.`, failed: false });
      afterNextRender(() => this.focusAfterRemoval(index), { injector: this.injector });
    } catch (error) {
      this.announcement.set({ text: `Could not remove the forward of port ${forward.hostPort}: ${describeFailure(error)}`, failed: true });
    } finally {
      this.removing.set(null);
    }
  }

  /** The removed forward's button went with it: the one now in its place, or else the form, has focus. */
  private focusAfterRemoval(index: number): void {
    const active = this.document.activeElement;
    if (active && active !== this.document.body && this.host.contains(active)) return;
    const buttons = [...this.host.querySelectorAll<HTMLElement>('[data-testid="unexpose"]')];
    (buttons[Math.min(index, buttons.length - 1)] ?? this.host.querySelector<HTMLElement>('#expose-container-port'))?.focus();
  }
}
