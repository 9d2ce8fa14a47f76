import { ApiError, describeFailure } from './api-error';

export interface FormErrors<F extends string> {
  /** Messages to show beside each field. */
  fields: Partial<Record<F, string>>;
  /** Messages about the request as a whole, shown above the buttons. */
  form: string | null;
}

export const NO_FORM_ERRORS = { fields: {}, form: null } as const;

/** "Node "pi-1": name must be ..." is the node's own validation: the node's name is not a field. */
const NODE_PREFIX = /^Node "[^"]*": /;

/**
 * Places the manager's messages beside the fields they are about. A
 * validation message names its property first ("url must start with ...");
 * `route` places the others (409, 422) or leaves them to the form.
 */
export function formErrorsOf<F extends string>(
  error: unknown,
  fields: readonly F[],
  route: (message: string, status: number) => F | null = () => null,
): FormErrors<F> {
  if (!(error instanceof ApiError)) return { fields: {}, form: describeFailure(error) };
  const messages = error.details.length > 0 ? error.details : [error.message];
  const placed: Partial<Record<F, string[]>> = {};
  const unplaced: string[] = [];
  for (const message of messages) {
    const field = namedField(message, fields) ?? route(message, error.status);
    if (field) (placed[field] ??= []).push(message);
    else unplaced.push(message);
  }
  const fieldMessages: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const list = placed[field];
    if (list) fieldMessages[field] = list.join(' ');
  }
  return { fields: fieldMessages, form: unplaced.length > 0 ? unplaced.join(' ') : null };
}

function namedField<F extends string>(message: string, fields: readonly F[]): F | null {
  const own = message.replace(NODE_PREFIX, '');
  return fields.find((field) => own.startsWith(`${field} `)) ?? null;
}

/**
 * The value of aria-describedby: the ids given, without the missing ones (a
 * field's error message is only on the page while there is an error, and an
 * id that names nothing is an accessibility error).
 */
export function describedBy(...ids: (string | false | null | undefined)[]): string | null {
  const present = ids.filter((id): id is string => !!id);
  return present.length > 0 ? present.join(' ') : null;
}
