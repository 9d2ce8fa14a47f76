import { Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

export type InstanceEvent = { type: 'deleted'; name: string } | { type: 'renamed'; from: string; to: string };

/** Deletes and renames made through the API, for what belongs to an instance elsewhere (its port forwards). */
@Injectable()
export class InstanceEvents {
  private readonly events = new Subject<InstanceEvent>();

  get events$(): Observable<InstanceEvent> {
    return this.events.asObservable();
  }

  emit(event: InstanceEvent): void {
    this.events.next(event);
  }
}
