import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventAction, EventResult, type NodeDto, type RegisterNodeDto } from '@tinystack/contracts';
import { ComputeNodeAnsweredError, type ComputeClient, type ComputeInstance } from '@tinystack/compute-client';
import { Clock } from '../clock/clock.js';
import { ComputeClientFactory } from '../compute/compute-client.factory.js';
import { describeNodeFailure } from '../compute/node-failure.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { toNodeDto } from './node-dto.mapper.js';
import { NodeMonitor } from './node-monitor.service.js';
import { defaultNodeName } from './node-name.js';
import { NodeRegistry } from './node-registry.service.js';
import { DuplicateNodeError } from './node.repository.js';
import { InvalidNodeUrlError, normaliseNodeUrl } from './node-url.js';

/**
 * Registers a node only after talking to it: /health says something answers
 * there, /usage with the token says the token is right, /instances says
 * whether it can run containers. A node that answers but lacks LXC is
 * registered, with instancesError saying what is missing.
 *
 * Statuses: 400 bad URL; 409 URL or name already registered; 422 the node
 * could not be reached, is not a compute node, or refused the token.
 */
@Injectable()
export class NodeRegistration {
  constructor(
    private readonly registry: NodeRegistry,
    private readonly monitor: NodeMonitor,
    private readonly clients: ComputeClientFactory,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  async register(request: RegisterNodeDto): Promise<NodeDto> {
    try {
      return await this.checkAndRegister(request);
    } catch (error) {
      if (error instanceof HttpException) {
        this.eventLog.record({
          action: EventAction.NODE_REGISTERED,
          result: EventResult.FAILURE,
          nodeId: null,
          nodeName: request.name ?? null,
          instance: null,
          message: `Registration refused (${error.getStatus()}): ${error.message}`,
        });
      }
      throw error;
    }
  }

  private async checkAndRegister(request: RegisterNodeDto): Promise<NodeDto> {
    const url = this.validUrl(request.url);
    this.assertFree(url, request.name);

    const client = this.clients.create(url, request.token);
    const call = { timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS };
    const started = performance.now();
    await client.health(call).catch((error: unknown) => {
      throw new UnprocessableEntityException(`No compute node answers at ${url}: ${describeNodeFailure(error)}`);
    });
    const usage = await client.usage(call).catch((error: unknown) => {
      if (error instanceof ComputeNodeAnsweredError && error.status === HttpStatus.UNAUTHORIZED) {
        throw new UnprocessableEntityException(`The compute node at ${url} refused the token: ${error.nodeMessage}`);
      }
      throw new UnprocessableEntityException(
        `The compute node at ${url} could not give its usage: ${describeNodeFailure(error)}`,
      );
    });
    const { instances, instancesError } = await this.readInstances(client, url);
    const latencyMs = performance.now() - started;

    const name = request.name ?? defaultNodeName(usage.hostname, (candidate) => !!this.registry.findByName(candidate));
    let node;
    try {
      node = this.registry.add({ id: randomUUID(), name, url, token: request.token, registeredAt: this.clock.now() });
    } catch (error) {
      if (error instanceof DuplicateNodeError) throw this.duplicate(error.field, error.value);
      throw error;
    }
    this.monitor.applyRegistration(node, { usage, instances, instancesError }, latencyMs);
    this.eventLog.record({
      action: EventAction.NODE_REGISTERED,
      result: EventResult.SUCCESS,
      nodeId: node.id,
      nodeName: node.name,
      instance: null,
      message: `Registered node "${node.name}" at ${url}` + (instancesError ? ` (it cannot run instances: ${instancesError})` : ''),
    });
    return toNodeDto(node);
  }

  private validUrl(raw: string): string {
    try {
      return normaliseNodeUrl(raw);
    } catch (error) {
      if (error instanceof InvalidNodeUrlError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private assertFree(url: string, name: string | undefined): void {
    if (this.registry.findByUrl(url)) throw this.duplicate('url', url);
    if (name !== undefined && this.registry.findByName(name)) throw this.duplicate('name', name);
  }

  private duplicate(field: 'url' | 'name', value: string): ConflictException {
    const existing = field === 'url' ? this.registry.findByUrl(value) : this.registry.findByName(value);
    const which = existing ? ` (node "${existing.name}", id ${existing.id})` : '';
    return new ConflictException(
      field === 'url'
        ? `A node with URL ${value} is already registered${which}`
        : `A node named "${value}" is already registered${which}; choose another name`,
    );
  }

  private async readInstances(
    client: ComputeClient,
    url: string,
  ): Promise<{ instances: ComputeInstance[] | null; instancesError: string | null }> {
    try {
      const instances = await client.listInstances({ timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS });
      return { instances, instancesError: null };
    } catch (error) {
      if (error instanceof ComputeNodeAnsweredError && error.status === HttpStatus.SERVICE_UNAVAILABLE) {
        return { instances: null, instancesError: error.nodeMessage };
      }
      throw new UnprocessableEntityException(
        `The compute node at ${url} could not list its instances: ${describeNodeFailure(error)}`,
      );
    }
  }
}
