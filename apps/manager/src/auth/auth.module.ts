import { Module, type DynamicModule } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { SessionStore } from '../sessions/session-store.service.js';
import { StorageModule } from '../storage/storage.module.js';
import { TokenStore } from '../tokens/token-store.service.js';
import { UserDirectory } from '../users/user-directory.service.js';
import { AccessRevocations } from './access-revocations.js';
import { ADMIN_TOKEN, Authenticator } from './authenticator.service.js';
import { csrfTokensProvider } from './csrf-tokens.js';
import { PasswordHasher } from './password-hasher.js';
import { PrincipalGuard } from './principal.guard.js';
import { SignInLimits } from './sign-in-limits.js';

/**
 * Who may call the manager: the users, their sessions and personal tokens,
 * MANAGER_TOKEN as the built-in admin, and the guard over them (installed by
 * ApiKitModule). Global: every feature reads the principal or the users.
 */
@Module({})
export class AuthModule {
  static forRoot(adminToken: string): DynamicModule {
    const providers = [
      { provide: ADMIN_TOKEN, useValue: adminToken },
      UserDirectory,
      SessionStore,
      TokenStore,
      PasswordHasher,
      AccessRevocations,
      csrfTokensProvider,
      Authenticator,
      SignInLimits,
      PrincipalGuard,
    ];
    return {
      module: AuthModule,
      global: true,
      imports: [StorageModule, ClockModule],
      providers,
      exports: providers.filter((provider) => provider !== PrincipalGuard),
    };
  }
}
