import { Injectable } from '@nestjs/common';
import { Subject, filter, type Observable } from 'rxjs';

/** A credential that stopped working: all of a user's, one session, or one personal token. */
export type Revocation = { userId: string } | { sessionIdHash: string } | { tokenId: string };

/**
 * Says when credentials stop working, so that what they opened ends too: an
 * event stream of a user who was disabled, deleted or signed out closes at
 * once rather than at its next reconnection.
 */
@Injectable()
export class AccessRevocations {
  private readonly subject = new Subject<Revocation>();

  revoke(revocation: Revocation): void {
    this.subject.next(revocation);
  }

  /** Emits once any of these credentials is revoked. */
  of(credentials: { userId: string; sessionIdHash?: string; tokenId?: string }): Observable<Revocation> {
    return this.subject.pipe(
      filter(
        (revocation) =>
          ('userId' in revocation && revocation.userId === credentials.userId) ||
          ('sessionIdHash' in revocation && revocation.sessionIdHash === credentials.sessionIdHash) ||
          ('tokenId' in revocation && revocation.tokenId === credentials.tokenId),
      ),
    );
  }
}
