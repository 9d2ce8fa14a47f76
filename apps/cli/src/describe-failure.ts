import { ManagerClientError } from '@tinystack/manager-client';

/** What to tell a person about a failed call: the manager's own message when it answered. */
export function describeFailure(error: unknown): string {
  if (error instanceof ManagerClientError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
