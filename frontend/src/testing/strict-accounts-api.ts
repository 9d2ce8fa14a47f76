import { AccountsApi } from '../app/api/accounts-api';
import { StrictFake } from './strict-fake';

const METHODS = [
  'signIn',
  'signOut',
  'enrol',
  'me',
  'changePassword',
  'listTokens',
  'createToken',
  'revokeToken',
  'listUsers',
  'createUser',
  'createUsers',
  'updateUser',
  'resetPassword',
  'deleteUser',
  'quotaDefaults',
  'setQuotaDefaults',
  'classCode',
  'openClassCode',
  'closeClassCode',
] as const satisfies readonly (keyof AccountsApi)[];

// Every method of the port is listed: adding one to AccountsApi without listing it here fails to compile.
type Unlisted = Exclude<keyof AccountsApi, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** An AccountsApi with only the methods a test gives it (see StrictFake). */
export class StrictAccountsApi extends StrictFake<AccountsApi> {
  constructor(members: Partial<AccountsApi>) {
    super(AccountsApi, METHODS, members);
  }
}
