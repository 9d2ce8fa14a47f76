import type { JoinTokenDto } from '@tinystack/contracts';
import type { JoinTokenRecord } from './join-token-record.js';

export function toJoinTokenDto(record: JoinTokenRecord): JoinTokenDto {
  return {
    id: record.id,
    note: record.note,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
    uses: record.uses,
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    singleUse: record.singleUse,
  };
}
