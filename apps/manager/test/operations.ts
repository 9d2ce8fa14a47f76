import type { Answer } from './http-call.js';

/** How a test calls the manager's API with its token. */
export type ManagerApi = (method: string, path: string, body?: unknown) => Promise<Answer>;

/**
 * A change answered 202 with its operation and Location, followed until it
 * finished (GET /api/operations/<id>?wait=); the finished operation.
 */
export async function finished(api: ManagerApi, accepted: Answer, waitSeconds = 60): Promise<any> {
  if (accepted.status !== 202) throw new Error(`expected 202 with an operation, got ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  const location = accepted.headers.get('location');
  if (location !== `/api/operations/${accepted.body.id}`) throw new Error(`the 202 has Location ${location}, not its operation`);
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const answer = await api('GET', `${location}?wait=${Math.min(120, waitSeconds)}`);
    if (answer.status !== 200) throw new Error(`GET ${location} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    if (answer.body.status !== 'running') return answer.body;
    if (Date.now() > deadline) throw new Error(`operation ${accepted.body.id} still running after ${waitSeconds} s`);
  }
}

/** Sends a change and follows it to its end. */
export async function change(api: ManagerApi, method: string, path: string, body?: unknown): Promise<any> {
  return finished(api, await api(method, path, body));
}
