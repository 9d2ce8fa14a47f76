import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventAction, EventResult, type NodeDto, type RegisterNodeDto } from '@tinystack/contracts';
import { ComputeNodeAnsweredError, ComputeNodeInvalidAnswerError, type ComputeHealth, type ComputeInstanceWithFigures, type ComputeNodeApi } from '@tinystack/compute-client';
import { Clock } from '../clock/clock.js';
import type { Board, Contact } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { toNodeDto } from '../boards/node-dto.mapper.js';
import { describeNodeFailure } from '../boards/node-failure.js';
import { ComputeClientFactory } from '../compute/compute-client.factory.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { describeDatabaseError } from '../storage/database-health.js';
import { defaultNodeName } from './node-name.js';
import { DuplicateNodeError } from './node.repository.js';
import { InvalidNodeUrlError, normaliseNodeUrl } from './node-url.js';

/** A node that cannot be taken (422): `message` for a registration, `why` for a board that joins. */
export class NodeUnusableException extends UnprocessableEntityException {
  constructor(
    message: string,
    readonly why: string,
  ) {
    super(message);
  }
}

/**
 * Registers a node only after talking to it: /health says something answers
 * there (and which compute node it is), /usage with the token says the token
 * is right, /instances says whether it can run containers. A node that
 * answers but lacks LXC is registered, with instancesError saying what is
 * missing.
 *
 * Statuses: 400 bad URL; 409 URL, name or compute node already registered;
 * 422 the node could not be reached, is not a compute node, refused the
 * token or broke the compute contract; 503 the database cannot be written.
 */
@Injectable()
export class NodeRegistration {
  constructor(
    private readonly registry: BoardRegistry,
    private readonly clients: ComputeClientFactory,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  async register(request: RegisterNodeDto, actor: string): Promise<NodeDto> {
    try {
      return await this.checkAndRegister(request, actor);
    } catch (error) {
      if (error instanceof HttpException) {
        this.eventLog.record({
          action: EventAction.NODE_REGISTERED,
          result: EventResult.FAILURE,
          nodeId: null,
          nodeName: request.name ?? null,
          instance: null,
          message: `Registration refused (${error.getStatus()}): ${error.message}`,
          actor,
          owner: null,
        });
      }
      throw error;
    }
  }

  private async checkAndRegister(request: RegisterNodeDto, actor: string): Promise<NodeDto> {
    const url = this.validUrl(request.url);
    this.assertFree(url, request.name);
    const probe = await this.probe(url, request.token, null);
    const name = request.name ?? defaultNodeName(probe.usage.hostname, (candidate) => !!this.registry.findByName(candidate));
    const board = this.store({ id: randomUUID(), name, url, token: request.token, registeredAt: this.clock.now(), computeId: probe.health.nodeId });
    board.applyRegistration(probe, probe.latencyMs);
    this.eventLog.record({
      action: EventAction.NODE_REGISTERED,
      result: EventResult.SUCCESS,
      nodeId: board.id,
      nodeName: board.name,
      instance: null,
      message: `Registered node "${board.name}" at ${url}` + (probe.instancesError ? ` (it cannot run instances: ${probe.instancesError})` : ''),
      actor,
      owner: null,
    });
    return toNodeDto(board);
  }

  /**
   * Talks to a node as a registration does: GET /health, GET /usage with the
   * token, GET /instances. `expectedComputeId` null: a new node, whose id must
   * not be registered yet; else the node there must be that one. Throws
   * NodeUnusableException (422) saying why the node cannot be taken.
   */
  async probe(url: string, token: string, expectedComputeId: string | null): Promise<Contact & { health: ComputeHealth; latencyMs: number }> {
    const client = this.clients.create(url, token);
    try {
      const call = { timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS };
      const started = performance.now();
      const health = await client.health(call).catch((error: unknown) => {
        throw this.unusable(url, error, `No compute node answers at ${url}: ${describeNodeFailure(error)}`, describeNodeFailure(error));
      });
      if (expectedComputeId === null) {
        if (health.nodeId !== null) this.assertNewComputeNode(health.nodeId);
      } else if (health.nodeId !== expectedComputeId) {
        const found = health.nodeId === null ? 'a compute node that does not say its id' : `the compute node ${health.nodeId}`;
        throw new NodeUnusableException(
          `The node at ${url} is ${found}, not ${expectedComputeId}`,
          `GET /health answers with ${found}, not this board (${expectedComputeId})`,
        );
      }
      const usage = await client.usage(call).catch((error: unknown) => {
        if (error instanceof ComputeNodeAnsweredError && error.status === HttpStatus.UNAUTHORIZED) {
          throw new NodeUnusableException(
            `The compute node at ${url} refused the token: ${error.nodeMessage}`,
            `the node there refused the compute token the board sent (${error.nodeMessage})`,
          );
        }
        throw this.unusable(url, error, `The compute node at ${url} could not give its usage: ${describeNodeFailure(error)}`, `GET /usage: ${describeNodeFailure(error)}`);
      });
      const { instances, instancesError } = await this.readInstances(client, url);
      return { health, usage, instances, instancesError, latencyMs: performance.now() - started };
    } finally {
      client.close();
    }
  }

  store(record: Parameters<BoardRegistry['add']>[0]): Board {
    try {
      return this.registry.add(record);
    } catch (error) {
      if (error instanceof DuplicateNodeError) {
        if (error.field === 'computeId') this.assertNewComputeNode(error.value);
        throw this.duplicate(error.field === 'name' ? 'name' : 'url', error.field === 'name' ? record.name : record.url);
      }
      throw new ServiceUnavailableException(
        `The node was not registered: the database cannot be written (${describeDatabaseError(error)})`,
      );
    }
  }

  validUrl(raw: string): string {
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

  /** The same compute node under another URL (localhost and 127.0.0.1, an IP and a host name) is the same board. */
  private assertNewComputeNode(computeId: string): void {
    const existing = this.registry.findByComputeId(computeId);
    if (!existing) return;
    throw new ConflictException(
      `This compute node (id ${computeId}) is already registered as "${existing.name}" at ${existing.url} (node id ${existing.id}); ` +
        'one compute node is registered once, whatever URL reaches it',
    );
  }

  duplicate(field: 'url' | 'name', value: string): ConflictException {
    const existing = field === 'url' ? this.registry.findByUrl(value) : this.registry.findByName(value);
    const which = existing ? ` (node "${existing.name}", id ${existing.id})` : '';
    return new ConflictException(
      field === 'url'
        ? `A node with URL ${value} is already registered${which}`
        : `A node named "${value}" is already registered${which}; choose another name`,
    );
  }

  /** A node that answers something else than the compute API is not one; the message says which answer broke it. */
  private unusable(url: string, error: unknown, otherwise: string, why: string): NodeUnusableException {
    if (error instanceof ComputeNodeInvalidAnswerError) {
      return new NodeUnusableException(`The node at ${url} does not answer as a compute node: ${error.message}`, `it does not answer as a compute node: ${error.message}`);
    }
    return new NodeUnusableException(otherwise, why);
  }

  private async readInstances(
    client: ComputeNodeApi,
    url: string,
  ): Promise<{ instances: ComputeInstanceWithFigures[] | null; instancesError: string | null }> {
    try {
      const instances = await client.listInstances({ timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS });
      return { instances, instancesError: null };
    } catch (error) {
      if (error instanceof ComputeNodeAnsweredError && error.status === HttpStatus.SERVICE_UNAVAILABLE) {
        return { instances: null, instancesError: error.nodeMessage };
      }
      throw this.unusable(url, error, `The compute node at ${url} could not list its instances: ${describeNodeFailure(error)}`, `GET /instances: ${describeNodeFailure(error)}`);
    }
  }
}
