import { Injectable, inject } from '@angular/core';
import type { AccountsApi } from './accounts-api';
import { ManagerClient } from './manager-client';
import type {
  ChangePasswordRequest,
  ClassCode,
  ClassCodeStatus,
  CreatedPersonalToken,
  CreatedUser,
  CreatePersonalTokenRequest,
  DeletedUser,
  DeletedUserInstances,
  EnrolRequest,
  Me,
  PersonalToken,
  QuotaChange,
  QuotaDefaults,
  SignedIn,
  User,
  UserRole,
} from './manager-api.types';

/** The account routes through the console's one client (ManagerClient: CSRF proof, sign-out on 401). */
@Injectable()
// `implements`, not `extends`: AccountsApi names this class as its implementation, so it may only import its type.
export class HttpAccountsApi implements AccountsApi {
  private readonly client = inject(ManagerClient);

  signIn(username: string, password: string): Promise<SignedIn> {
    return this.client.call((client) => client.POST('/api/session', { body: { username, password } }));
  }

  async signOut(): Promise<void> {
    await this.client.call((client) => client.DELETE('/api/session'));
  }

  enrol(body: EnrolRequest): Promise<SignedIn> {
    return this.client.call((client) => client.POST('/api/enrol', { body }));
  }

  me(): Promise<Me> {
    return this.client.call((client) => client.GET('/api/me'));
  }

  changePassword(body: ChangePasswordRequest): Promise<User> {
    return this.client.call((client) => client.PUT('/api/me/password', { body }));
  }

  listTokens(): Promise<PersonalToken[]> {
    return this.client.call((client) => client.GET('/api/tokens'));
  }

  createToken(body: CreatePersonalTokenRequest): Promise<CreatedPersonalToken> {
    return this.client.call((client) => client.POST('/api/tokens', { body }));
  }

  async revokeToken(id: string): Promise<void> {
    await this.client.call((client) => client.DELETE('/api/tokens/{id}', { params: { path: { id } } }));
  }

  listUsers(): Promise<User[]> {
    return this.client.call((client) => client.GET('/api/users'));
  }

  createUser(username: string, role: UserRole): Promise<CreatedUser> {
    return this.client.call((client) => client.POST('/api/users', { body: { username, role } }));
  }

  createUsers(usernames: string[], role: UserRole): Promise<CreatedUser[]> {
    return this.client.call((client) => client.POST('/api/users/batch', { body: { usernames, role } }));
  }

  updateUser(id: string, body: { quota?: QuotaChange; disabled?: boolean }): Promise<User> {
    return this.client.call((client) => client.PUT('/api/users/{id}', { params: { path: { id } }, body }));
  }

  async resetPassword(id: string): Promise<string> {
    const answer = await this.client.call((client) => client.POST('/api/users/{id}/reset-password', { params: { path: { id } } }));
    return answer.oneTimePassword;
  }

  deleteUser(id: string, instances: DeletedUserInstances): Promise<DeletedUser> {
    return this.client.call((client) => client.DELETE('/api/users/{id}', { params: { path: { id }, query: { instances } } }));
  }

  quotaDefaults(): Promise<QuotaDefaults> {
    return this.client.call((client) => client.GET('/api/quota-defaults'));
  }

  setQuotaDefaults(body: QuotaChange): Promise<QuotaDefaults> {
    return this.client.call((client) => client.PUT('/api/quota-defaults', { body }));
  }

  classCode(): Promise<ClassCodeStatus> {
    return this.client.call((client) => client.GET('/api/class-code'));
  }

  openClassCode(minutes: number): Promise<ClassCode> {
    return this.client.call((client) => client.POST('/api/class-code', { body: { minutes } }));
  }

  async closeClassCode(): Promise<void> {
    await this.client.call((client) => client.DELETE('/api/class-code'));
  }
}
