import { CONTAINER_STATES, type ContainerState } from './container.js';
import { LxcCommandError } from './lxc-errors.js';

export function parseContainerState(text: string, tool: string): ContainerState {
  const state = CONTAINER_STATES.find((known) => known === text);
  if (state === undefined) {
    throw new LxcCommandError(`${tool} reported an unknown container state`, text);
  }
  return state;
}
