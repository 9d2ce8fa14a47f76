import { Injectable } from '@angular/core';
import { HttpAccountsApi } from './http-accounts-api';
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

/**
 * The manager's account routes as the console uses them: sign-in, the
 * caller's own password and tokens, and the teacher's class (users, quotas,
 * class code). HttpAccountsApi implements it on the console's one client;
 * tests provide a strict fake. Every method fails with an ApiError. Bound
 * here rather than in app.config, so that only the pages that use it
 * download it.
 */
@Injectable({ providedIn: 'root', useClass: HttpAccountsApi })
export abstract class AccountsApi {
  abstract signIn(username: string, password: string): Promise<SignedIn>;
  abstract signOut(): Promise<void>;
  abstract enrol(request: EnrolRequest): Promise<SignedIn>;
  abstract me(): Promise<Me>;
  abstract changePassword(request: ChangePasswordRequest): Promise<User>;
  abstract listTokens(): Promise<PersonalToken[]>;
  abstract createToken(request: CreatePersonalTokenRequest): Promise<CreatedPersonalToken>;
  abstract revokeToken(id: string): Promise<void>;
  abstract listUsers(): Promise<User[]>;
  abstract createUser(username: string, role: UserRole): Promise<CreatedUser>;
  abstract createUsers(usernames: string[], role: UserRole): Promise<CreatedUser[]>;
  abstract updateUser(id: string, change: { quota?: QuotaChange; disabled?: boolean }): Promise<User>;
  abstract resetPassword(id: string): Promise<string>;
  abstract deleteUser(id: string, instances: DeletedUserInstances): Promise<DeletedUser>;
  abstract quotaDefaults(): Promise<QuotaDefaults>;
  abstract setQuotaDefaults(change: QuotaChange): Promise<QuotaDefaults>;
  abstract classCode(): Promise<ClassCodeStatus>;
  abstract openClassCode(minutes: number): Promise<ClassCode>;
  abstract closeClassCode(): Promise<void>;
}
