import { Inject, Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { debianArchitecture, type HealthDto, type ImageArchitecture, type NodeLimitsDto } from '@tinystack/contracts';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { JoinService } from '../join/join.service.js';
import { ReadinessService } from '../readiness/readiness.service.js';
import { NodeIdentity } from './node-identity.service.js';
import { PACKAGE_VERSION } from './package-version.js';

@Injectable()
export class HealthService {
  private readonly limits: NodeLimitsDto;
  private readonly architecture: ImageArchitecture | null = debianArchitecture(process.arch);
  private readonly templates: string[];

  constructor(
    private readonly inventory: InstanceInventory,
    private readonly identity: NodeIdentity,
    private readonly readiness: ReadinessService,
    private readonly join: JoinService,
    @Inject(ComputeSettings) settings: ComputeSettings,
  ) {
    this.limits = {
      commandTimeoutMs: settings.LXC_COMMAND_TIMEOUT_MS,
      createTimeoutMs: settings.LXC_CREATE_TIMEOUT_MS,
      stopTimeoutSeconds: settings.LXC_STOP_TIMEOUT_S,
    };
    this.templates = [...settings.LXC_TEMPLATES];
  }

  health(): HealthDto {
    return {
      status: 'ok',
      nodeId: this.identity.nodeId,
      version: PACKAGE_VERSION,
      hostname: hostname(),
      uptimeSeconds: Math.round(process.uptime()),
      lxc: this.inventory.lxcStatus(),
      limits: this.limits,
      ready: this.readiness.ready(),
      checks: this.readiness.checks(),
      join: this.join.status(),
      ...(this.architecture === null ? {} : { architecture: this.architecture }),
      templates: this.templates,
    };
  }
}
