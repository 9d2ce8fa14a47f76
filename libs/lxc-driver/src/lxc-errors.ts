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

/** The LXC tools are not installed or not usable (not root, no lxcpath). */
export class LxcUnavailableError extends LxcError {}

/** An LXC command did not finish within its timeout and was killed. */
export class LxcTimeoutError extends LxcError {}

/** An LXC command failed for any other reason. */
export class LxcCommandError extends LxcError {}
