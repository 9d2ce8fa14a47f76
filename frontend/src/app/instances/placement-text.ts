import type { CreatedInstance } from '../api/manager-api.types';

/** Where the manager put an instance it placed itself, and why; empty when a node was chosen. */
export function describePlacement(created: CreatedInstance): string {
  const placement = created.placement;
  if (!placement) return '';
  const chosen = placement.candidates[0];
  const others = placement.candidates.length - 1;
  const score = chosen ? ` (score ${chosen.score}` + (others > 0 ? `, against ${others} other node${others === 1 ? '' : 's'})` : ')') : '';
  return ` Placed automatically on "${created.nodeName}", the least loaded node${score}.`;
}
