import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ExecFileProcessRunner } from './exec-file.process-runner.js';
import { LxcCliDriver } from './lxc-cli.driver.js';
import { LxcDriver } from './lxc-driver.js';
import { LxcDriverModule } from './lxc-driver.module.js';
import { ProcessRunner } from './process-runner.js';
import { StrictProcessRunner } from './test-support/strict-process-runner.fake.js';

/** A feature module that does not import LxcDriverModule: the global binding must reach it. */
@Injectable()
class InstancesLikeService {
  constructor(@Inject(LxcDriver) readonly driver: LxcDriver) {}
}
@Module({ providers: [InstancesLikeService] })
class FeatureModule {}

@Injectable()
class Settings {
  readonly lxcPath = '/srv/from-settings';
}
@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

describe('LxcDriverModule', () => {
  let runner: StrictProcessRunner;
  beforeEach(() => {
    runner = new StrictProcessRunner();
  });
  afterEach(() => runner.verify());

  it('binds LxcDriver to LxcCliDriver over ExecFileProcessRunner, for feature modules too', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        LxcDriverModule.forRoot({ lxcPath: '/srv/lxc', commandTimeoutMs: 5_000, createTimeoutMs: 60_000 }),
        FeatureModule,
      ],
    }).compile();

    const { driver } = moduleRef.get(InstancesLikeService);
    expect(driver).toBeInstanceOf(LxcCliDriver);
    expect(moduleRef.get(ProcessRunner, { strict: false })).toBeInstanceOf(ExecFileProcessRunner);
  });

  it('hands the options from forRoot to the driver', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [LxcDriverModule.forRoot({ lxcPath: '/srv/lxc', commandTimeoutMs: 5_000, createTimeoutMs: 60_000 })],
    })
      .overrideProvider(ProcessRunner)
      .useValue(runner)
      .compile();
    runner.expect({ command: 'lxc-ls', args: ['-P', '/srv/lxc', '-f', '-F', 'NAME,STATE,IPV4'], timeoutMs: 5_000 });

    await expect(moduleRef.get(LxcDriver).list()).resolves.toEqual([]);
  });

  it('builds the options with forRootAsync from an injected provider', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        LxcDriverModule.forRootAsync({
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: (settings: Settings) => ({
            lxcPath: settings.lxcPath,
            commandTimeoutMs: 7_000,
            createTimeoutMs: 60_000,
          }),
        }),
      ],
    })
      .overrideProvider(ProcessRunner)
      .useValue(runner)
      .compile();
    runner.expect({
      command: 'lxc-ls',
      args: ['-P', '/srv/from-settings', '-f', '-F', 'NAME,STATE,IPV4'],
      timeoutMs: 7_000,
    });

    await expect(moduleRef.get(LxcDriver).list()).resolves.toEqual([]);
  });
});
