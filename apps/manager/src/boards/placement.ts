import type { PlacementCandidateDto } from '@tinystack/contracts';

/**
 * Weight of one running container in the score. A container idles at almost
 * no CPU or memory on a board, but each one is load to come; 10 points makes
 * one running container count like 10 % of CPU or memory in use.
 */
export const RUNNING_INSTANCE_WEIGHT = 10;

/**
 * A create from an image prefers a node that has it (no transfer) by as much
 * as one running container: enough to break near-ties, not enough to pile a
 * whole class onto the one node that has it.
 */
export const IMAGE_CACHED_BONUS = 10;

/**
 * Creates still in flight count as running instances to come: without them,
 * twenty creates pressed at once all see the same figures and land on one board.
 */
export const PLACEMENT_FORMULA =
  `score = cpuPercent + memoryPercent + ${RUNNING_INSTANCE_WEIGHT} × (runningInstances + reservedInstances); lower wins; ` +
  `ties: fewer instances, then name; from an image, ${IMAGE_CACHED_BONUS} points off a node that has it (imageCached)`;

export type PlacementCandidate = Omit<PlacementCandidateDto, 'score' | 'imageCached'> & { imageCached?: boolean | null };

export function placementScore(candidate: PlacementCandidate): number {
  const score =
    candidate.cpuPercent +
    candidate.memoryPercent +
    RUNNING_INSTANCE_WEIGHT * (candidate.runningInstances + candidate.reservedInstances) -
    (candidate.imageCached ? IMAGE_CACHED_BONUS : 0);
  return Math.round(score * 10) / 10;
}

/** Every candidate with its score, best first (see PLACEMENT_FORMULA). */
export function rankForPlacement(candidates: readonly PlacementCandidate[]): PlacementCandidateDto[] {
  return candidates
    .map((candidate) => ({ ...candidate, imageCached: candidate.imageCached ?? null, score: placementScore(candidate) }))
    .sort(
      (a, b) =>
        a.score - b.score ||
        a.totalInstances + a.reservedInstances - (b.totalInstances + b.reservedInstances) ||
        compareText(a.nodeName, b.nodeName) ||
        compareText(a.nodeId, b.nodeId),
    );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
