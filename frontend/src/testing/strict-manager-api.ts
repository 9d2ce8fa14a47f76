import { ManagerApi } from '../app/api/manager-api';
import { StrictFake } from './strict-fake';

const METHODS = [
  'listNodes',
  'registerNode',
  'createJoinToken',
  'listJoinTokens',
  'revokeJoinToken',
  'listDiscovered',
  'addDiscovered',
  'usageHistory',
  'led',
  'identify',
  'listInstances',
  'createInstance',
  'actOnInstance',
  'renameInstance',
  'deleteInstance',
  'listOperations',
  'operation',
  'eventLog',
] as const satisfies readonly (keyof ManagerApi)[];

// Every method of the port is listed: adding one to ManagerApi without listing it here fails to compile.
type Unlisted = Exclude<keyof ManagerApi, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** A ManagerApi with only the methods a test gives it (see StrictFake). */
export class StrictManagerApi extends StrictFake<ManagerApi> {
  constructor(members: Partial<ManagerApi>) {
    super(ManagerApi, METHODS, members);
  }
}
