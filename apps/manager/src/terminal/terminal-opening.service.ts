import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { OpenTerminalDto, TerminalTicketDto } from '@tinystack/contracts';
import type { Principal } from '../auth/principal.js';
import { InstanceAccessService } from '../instances/instance-access.service.js';
import { MAX_TERMINALS_PER_USER, TerminalProxy } from './terminal-proxy.service.js';
import { TerminalTickets } from './terminal-tickets.js';

/** Hands out terminal tickets, after the ownership check and within the user's bound of terminals. */
@Injectable()
export class TerminalOpening {
  constructor(
    private readonly access: InstanceAccessService,
    private readonly tickets: TerminalTickets,
    private readonly proxy: TerminalProxy,
  ) {}

  open(viewer: Principal, nodeId: string, name: string, size: OpenTerminalDto): TerminalTicketDto {
    const board = this.access.reachable(viewer, nodeId, name);
    board.assertOperable();
    const inUse = this.proxy.openOf(viewer.userId) + this.tickets.pendingOf(viewer.userId);
    if (inUse >= MAX_TERMINALS_PER_USER) {
      throw new HttpException(
        { message: `You have ${MAX_TERMINALS_PER_USER} terminals open (or about to open), the most one user may have: close one first` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const { ticket, expiresAt } = this.tickets.issue({
      userId: viewer.userId,
      actor: viewer.actor,
      nodeId: board.id,
      instance: name,
      cols: size.cols,
      rows: size.rows,
    });
    return { url: TerminalProxy.urlFor(ticket, size), expiresAt: expiresAt.toISOString() };
  }
}
