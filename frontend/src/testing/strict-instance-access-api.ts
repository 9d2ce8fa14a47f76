import { InstanceAccessApi } from '../app/instances/instance-access-api';
import { StrictFake } from './strict-fake';

const METHODS = [
  'listPorts',
  'exposePort',
  'unexposePort',
  'openTerminal',
  'listSnapshots',
  'takeSnapshot',
  'restoreSnapshot',
  'deleteSnapshot',
  'configure',
] as const satisfies readonly (keyof InstanceAccessApi)[];

// Every method of the port is listed: adding one to InstanceAccessApi without listing it here fails to compile.
type Unlisted = Exclude<keyof InstanceAccessApi, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** An InstanceAccessApi with only the methods a test gives it (see StrictFake). */
export class StrictInstanceAccessApi extends StrictFake<InstanceAccessApi> {
  constructor(members: Partial<InstanceAccessApi>) {
    super(InstanceAccessApi, METHODS, members);
  }
}
