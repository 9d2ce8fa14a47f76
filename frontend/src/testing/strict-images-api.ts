import { ImagesApi } from '../app/images/images-api';
import { StrictFake } from './strict-fake';

const METHODS = ['list', 'get', 'importTarball', 'publish', 'update', 'remove', 'warm'] as const satisfies readonly (keyof ImagesApi)[];

// Every method of the port is listed: adding one to ImagesApi without listing it here fails to compile.
type Unlisted = Exclude<keyof ImagesApi, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** An ImagesApi with only the methods a test gives it (see StrictFake). */
export class StrictImagesApi extends StrictFake<ImagesApi> {
  constructor(members: Partial<ImagesApi>) {
    super(ImagesApi, METHODS, members);
  }
}
