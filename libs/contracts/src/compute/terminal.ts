/**
 * The compute node's terminal: GET /instances/:id/console?cols=&rows= upgraded
 * to a WebSocket. Binary frames carry raw bytes both ways; text frames carry
 * one JSON control message each.
 */
export const TERMINAL_SIZE_RANGE = { cols: { min: 1, max: 1000, default: 80 }, rows: { min: 1, max: 1000, default: 24 } } as const;

/** client → node */
export interface TerminalResizeMessage {
  type: 'resize';
  cols: number;
  rows: number;
}

/** node → client, then the node closes: the shell ended, the instance stopped, the session was idle. */
export interface TerminalExitMessage {
  type: 'exit';
  code: number | null;
  reason: string;
}

/** node → client, then the node closes. */
export interface TerminalErrorMessage {
  type: 'error';
  message: string;
}

export type TerminalServerMessage = TerminalExitMessage | TerminalErrorMessage;

/** WebSocket close codes the node uses (1000 after an exit message). */
export const TERMINAL_CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  internalError: 1011,
} as const;
