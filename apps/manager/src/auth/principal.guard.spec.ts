import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { API_APPLICATION_OPTIONS, ApiKitModule, Public, SettingsModule } from '@tinystack/api-kit';
import { CSRF_HEADER, SESSION_COOKIE, UserRole } from '@tinystack/contracts';
import { recordLogs, type RecordedLogs } from '../../../../libs/api-kit/src/logging/test-support/recorded-logs.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { SessionStore } from '../sessions/session-store.service.js';
import { TokenStore } from '../tokens/token-store.service.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';
import { AdminOnly, AllowedBeforePasswordChange, CurrentPrincipal } from './auth.decorators.js';
import { AuthModule } from './auth.module.js';
import { SIGN_IN_NEEDED } from './authenticator.service.js';
import { PrincipalGuard, SET_PASSWORD_FIRST } from './principal.guard.js';
import type { Principal } from './principal.js';

const ADMIN_TOKEN = 'guard-test-admin-token-0123456789';

@Controller('things')
class ThingsController {
  @Get()
  read(@CurrentPrincipal() caller: Principal) {
    return { username: caller.username, actor: caller.actor, authenticatedBy: caller.authenticatedBy };
  }

  @Post()
  change(@CurrentPrincipal() caller: Principal) {
    return { changedBy: caller.actor };
  }

  @Post('nodes')
  @AdminOnly('register nodes')
  register() {
    return { registered: true };
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  me(@CurrentPrincipal() caller: Principal) {
    return { username: caller.username };
  }
}

@Controller('health')
class HealthController {
  @Get()
  @Public()
  health() {
    return { ok: true };
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

describe('PrincipalGuard (a real app over HTTP, SQLite in a temporary DATA_DIR)', () => {
  let directory: string;
  let app: INestApplication;
  let baseUrl: string;
  let users: UserDirectory;
  let sessions: SessionStore;
  let tokens: TokenStore;
  let logs: RecordedLogs;
  let alice: UserRecord;

  async function call(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path}`, { method, headers, signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const cookie = (id: string) => ({ cookie: `theme=dark; ${SESSION_COOKIE}=${id}` });

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tinystack-guard-'));
    const settings = Object.assign(new ManagerSettings(), { DATA_DIR: join(directory, 'data') });
    @Module({
      imports: [SettingsModule.forRoot(ManagerSettings, settings), AuthModule.forRoot(ADMIN_TOKEN), ApiKitModule.forRoot({ guard: PrincipalGuard })],
      controllers: [ThingsController, HealthController],
    })
    class GuardedModule {}
    logs = recordLogs({ format: 'json', level: 'info' });
    app = await NestFactory.create(GuardedModule, { ...API_APPLICATION_OPTIONS, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    users = app.get(UserDirectory);
    sessions = app.get(SessionStore);
    tokens = app.get(TokenStore);
    alice = {
      id: '30000000-0000-4000-8000-000000000001',
      username: 'alice',
      role: UserRole.MEMBER,
      passwordHash: null,
      mustChangePassword: false,
      disabled: false,
      builtIn: false,
      quota: { instances: null, running: null, memoryMiB: null },
      createdAt: new Date(),
    };
    users.add([alice], 'test');
  });

  afterEach(async () => {
    await app.close();
    logs.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a request with no credential, saying how to sign in, and lets public routes through', async () => {
    expect(await call('GET', '/things')).toMatchObject({ status: 401, body: { message: SIGN_IN_NEEDED } });
    // A token in the query string is not a credential.
    expect((await call('GET', `/things?access_token=${ADMIN_TOKEN}`)).status).toBe(401);
    expect(await call('GET', '/health')).toEqual({ status: 200, body: { ok: true } });
    expect(logs.records().filter((record) => record['context'] === 'Auth')).toEqual([
      expect.objectContaining({ level: 'warn', message: 'Refused GET /things from 127.0.0.1: no token or session' }),
    ]);
  });

  it('takes MANAGER_TOKEN as the built-in admin, logged as "admin token"', async () => {
    expect(await call('GET', '/things', bearer(ADMIN_TOKEN))).toEqual({
      status: 200,
      body: { username: 'admin', actor: 'admin token', authenticatedBy: 'admin-token' },
    });
    expect(await call('POST', '/things/nodes', bearer(ADMIN_TOKEN))).toMatchObject({ status: 201 });
  });

  it("takes a personal token with its user's rights, refuses a wrong, malformed, expired or revoked one, and never logs it", async () => {
    const { token, record } = tokens.create(alice.id, 'cli', 1);
    expect(await call('GET', '/things', bearer(token))).toEqual({ status: 200, body: { username: 'alice', actor: 'alice', authenticatedBy: 'token' } });
    expect(await call('POST', '/things/nodes', bearer(token))).toMatchObject({ status: 403, body: { message: 'Only a teacher (admin) can register nodes' } });
    expect(await call('GET', '/things', bearer(`${token}x`))).toMatchObject({ status: 401, body: { message: 'The token was not accepted' } });
    expect(await call('GET', '/things', { authorization: `Basic ${token}` })).toMatchObject({ status: 401 });
    expect(await call('GET', '/things', bearer('x'.repeat(600)))).toMatchObject({ status: 401, body: { message: expect.stringContaining('malformed') } });
    // A wrong Authorization header is not passed over for a good cookie: the header wins.
    const { id } = sessions.open(alice.id, 'password');
    expect((await call('GET', '/things', { ...bearer('wrong-token-0123456789'), ...cookie(id) })).status).toBe(401);

    vi.useFakeTimers({ now: Date.now() + 2 * 86_400_000, toFake: ['Date'] });
    try {
      expect(await call('GET', '/things', bearer(token))).toMatchObject({
        status: 401,
        body: { message: expect.stringMatching(/^This personal token \("cli"\) expired on .+: create a new one \(POST \/api\/tokens\)$/) },
      });
    } finally {
      vi.useRealTimers();
    }
    tokens.revoke(record.id);
    expect((await call('GET', '/things', bearer(token))).status).toBe(401);
    expect(logs.text()).not.toContain(token);
  });

  it('takes the session cookie, and a change made with it only with the CSRF token of the session', async () => {
    const { id, session } = sessions.open(alice.id, 'password');
    expect(await call('GET', '/things', cookie(id))).toEqual({ status: 200, body: { username: 'alice', actor: 'alice', authenticatedBy: 'session' } });
    const missing = await call('POST', '/things', cookie(id));
    expect(missing).toMatchObject({ status: 403, body: { message: expect.stringMatching(/^missing or wrong CSRF token/) } });
    const other = sessions.open(alice.id, 'password');
    expect((await call('POST', '/things', { ...cookie(id), [CSRF_HEADER]: other.session.csrfToken })).status).toBe(403);
    expect(await call('POST', '/things', { ...cookie(id), [CSRF_HEADER]: session.csrfToken })).toEqual({ status: 201, body: { changedBy: 'alice' } });
    // A bearer token is no ambient credential: it needs no CSRF token.
    expect((await call('POST', '/things', bearer(ADMIN_TOKEN))).status).toBe(201);
    // A session opened with MANAGER_TOKEN acts as the admin token did.
    const teacher = sessions.open(users.builtInAdmin.id, 'admin-token');
    expect((await call('GET', '/things', cookie(teacher.id))).body).toMatchObject({ username: 'admin', actor: 'admin token', authenticatedBy: 'session' });
    sessions.revoke(session.record.idHash);
    expect(await call('GET', '/things', cookie(id))).toMatchObject({ status: 401, body: { message: expect.stringContaining('sign in again') } });
  });

  it("refuses a disabled user's session and token from the very next request", async () => {
    const { id } = sessions.open(alice.id, 'password');
    const { token } = tokens.create(alice.id, 'cli', undefined);
    expect((await call('GET', '/things', cookie(id))).status).toBe(200);
    users.update(alice.id, { disabled: true }, 'test');
    for (const headers of [cookie(id), bearer(token)]) {
      expect(await call('GET', '/things', headers)).toMatchObject({
        status: 401,
        body: { message: 'The account "alice" is disabled: ask your teacher to enable it' },
      });
    }
    users.update(alice.id, { disabled: false }, 'test');
    expect((await call('GET', '/things', bearer(token))).status).toBe(200);
  });

  it('lets a user with a one-time password reach only the routes that let them set one; MANAGER_TOKEN is never held up', async () => {
    users.update(alice.id, { mustChangePassword: true }, 'test');
    const { token } = tokens.create(alice.id, 'cli', undefined);
    expect(await call('GET', '/things', bearer(token))).toMatchObject({ status: 403, body: { message: SET_PASSWORD_FIRST } });
    expect(await call('GET', '/things/me', bearer(token))).toEqual({ status: 200, body: { username: 'alice' } });
    users.update(users.builtInAdmin.id, { mustChangePassword: true }, 'test');
    expect((await call('GET', '/things', bearer(ADMIN_TOKEN))).status).toBe(200);
  });
});
