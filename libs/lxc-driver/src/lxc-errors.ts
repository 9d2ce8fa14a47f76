/** Base of every error an LxcDriver throws; `detail` carries the tool's stderr when there is one. */
export abstract class LxcError extends Error {
  constructor(
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ContainerNotFoundError extends LxcError {
  constructor(readonly containerName: string) {
    super(`Instance "${containerName}" does not exist`);
  }
}

export class ContainerExistsError extends LxcError {
  constructor(readonly containerName: string) {
    super(`An instance named "${containerName}" already exists`);
  }
}

export class ContainerRunningError extends LxcError {
  constructor(
    readonly containerName: string,
    action: string,
  ) {
    super(`Instance "${containerName}" is running: stop it before you ${action} it`);
  }
}

/** The container exists but is not running, so nothing can run inside it. */
export class ContainerNotRunningError extends LxcError {
  constructor(readonly containerName: string) {
    super(`Instance "${containerName}" is not running: start it first`);
  }
}

/**
 * LXC lists the container, but its folder holds LXC's partial marker: an
 * lxc-create is running, or one was cut off (the node destroys those at start-up).
 */
export class ContainerBeingCreatedError extends LxcError {
  constructor(readonly containerName: string) {
    super(`Instance "${containerName}" is being created`);
  }
}

/** LXC lists the container, but its root filesystem directory is missing. */
export class ContainerIncompleteError extends LxcError {
  constructor(
    readonly containerName: string,
    readonly rootfs: string,
  ) {
    super(
      `Instance "${containerName}" is incomplete: its root filesystem ${rootfs} is missing ` +
        '(a delete that was cut off, or a disk that is not mounted); mount or restore it, or delete the instance',
    );
  }
}

/** The LXC tools are not installed or not usable (not root, no lxcpath). */
export class LxcUnavailableError extends LxcError {}

/** An LXC command did not finish within its timeout and was killed. */
export class LxcTimeoutError extends LxcError {}

/** An LXC command, or a change to a container's files, failed for any other reason. */
export class LxcCommandError extends LxcError {}

/** Error output beyond this is cut from answers and log lines (a runaway template can print megabytes). */
export const MAX_DETAIL_CHARACTERS = 2000;

/** What failed, with the tool's error output (bounded), for an answer or a log line; never a stack trace. */
export function describeLxcFailure(error: LxcError): string {
  if (error.detail === null) return error.message;
  const detail =
    error.detail.length <= MAX_DETAIL_CHARACTERS
      ? error.detail
      : `${error.detail.slice(0, MAX_DETAIL_CHARACTERS)}… (${error.detail.length - MAX_DETAIL_CHARACTERS} more characters)`;
  return `${error.message}: ${detail}`;
}
