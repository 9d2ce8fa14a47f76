import { Module } from '@nestjs/common';
import { I2cBus, I2cDevBus } from '@tinystack/led-matrix';
import { ConditionModule } from '../condition/condition.module.js';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstancesModule } from '../instances/instances.module.js';
import { SamplingModule } from '../sampling/sampling.module.js';
import { TerminalSessionsModule } from '../terminal/terminal-sessions.module.js';
import { LedChipConnection } from './led-chip.connection.js';
import { LedDisplayService } from './led-display.service.js';
import { LED_OPTIONS, ledOptionsFrom } from './led.options.js';
import { LedController } from './led.controller.js';
import { ManagerPollsModule } from './manager-polls.module.js';

/**
 * The 8x8 LED matrix of the node. The bus is a provider of its own so that tests
 * replace it with an emulated chip (overrideProvider(I2cBus)).
 */
@Module({
  imports: [InstancesModule, SamplingModule, ManagerPollsModule, ConditionModule, TerminalSessionsModule],
  controllers: [LedController],
  providers: [
    { provide: LED_OPTIONS, useFactory: ledOptionsFrom, inject: [ComputeSettings] },
    { provide: I2cBus, useFactory: (settings: ComputeSettings) => new I2cDevBus(settings.I2C_BUS), inject: [ComputeSettings] },
    LedChipConnection,
    LedDisplayService,
  ],
  exports: [LedChipConnection],
})
export class LedModule {}
