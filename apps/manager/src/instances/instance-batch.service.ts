import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import {
  EACH_MEMBER,
  EventAction,
  INSTANCE_NAME_RULE,
  isInstanceName,
  MAX_BATCH_INSTANCES,
  OperationAction,
  OperationStatus,
  UserRole,
  type CreateInstancesBatchDto,
  type OperationDto,
  type OperationItemResultDto,
} from '@tinystack/contracts';
import { isAdmin, type Principal } from '../auth/principal.js';
import { ImageLibrary, type ImageLease } from '../images/image-library.service.js';
import { OperationsService } from '../operations/operations.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { QuotaService, type QuotaReservation } from '../quotas/quota.service.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';
import { assertOneSource, ClusterInstancesService, quotaNeed, type Placed } from './cluster-instances.service.js';

interface Item {
  name: string;
  owner: UserRecord;
}

/**
 * Copies for a class: POST /api/instances/batch makes many instances from
 * one image or template as one operation with a result per instance. Each
 * copy is placed as a single create is (its share reserved at once, so the
 * copies spread over the nodes); the image goes once to each node that
 * gets copies and lacks it. With owner: each-member an admin gives every
 * enabled member one. What can be refused for all (a bad pattern, a quota,
 * nowhere to place) is refused at once, before anything is created.
 */
@Injectable()
export class InstanceBatchService {
  constructor(
    private readonly instances: ClusterInstancesService,
    private readonly operations: OperationsService,
    private readonly ownership: OwnershipService,
    private readonly quotas: QuotaService,
    private readonly users: UserDirectory,
    private readonly images: ImageLibrary,
  ) {}

  create(viewer: Principal, request: CreateInstancesBatchDto): OperationDto {
    const { namePattern, count, owner: ownerName, image: imageName, ...body } = request;
    const refusable = { event: EventAction.INSTANCES_BATCH_CREATED, instance: namePattern, attempt: `create the batch "${namePattern}"` };
    let items: Item[] = [];
    const quotas: QuotaReservation[] = [];
    let lease: ImageLease | undefined;
    const placed: Placed[] = [];
    const releaseAll = () => {
      for (const quota of quotas) quota.release();
      for (const { reservation } of placed) reservation?.release();
      lease?.release();
    };
    this.instances.refusedAtOnce(refusable, viewer, undefined, () => null, () => {
      assertOneSource(imageName, body.template);
      items = this.itemsFor(viewer, namePattern, count, ownerName);
      try {
        const perOwner = new Map<string, { owner: UserRecord; count: number }>();
        for (const item of items) {
          const entry = perOwner.get(item.owner.id) ?? { owner: item.owner, count: 0 };
          entry.count += 1;
          perOwner.set(item.owner.id, entry);
        }
        for (const { owner, count: owned } of perOwner.values()) quotas.push(this.quotas.reserve(owner, quotaNeed(body, owned), isAdmin(viewer)));
        lease = imageName ? this.images.lease(imageName, `creating the batch "${namePattern}"`) : undefined;
        for (let index = 0; index < items.length; index++) placed.push(this.instances.placeFor(undefined, lease?.image ?? null));
      } catch (error) {
        releaseAll();
        throw error;
      }
      return placed[0]!;
    });
    const results: OperationItemResultDto[] = items.map((item, index) => ({
      name: item.name,
      nodeId: placed[index]!.board.id,
      nodeName: placed[index]!.board.name,
      owner: item.owner.username,
      status: OperationStatus.RUNNING,
      message: null,
    }));
    let summary = '';
    return this.operations.start(
      {
        action: OperationAction.BATCH,
        board: null,
        instance: namePattern,
        image: lease?.image.name,
        placement: null,
        event: refusable.event,
        attempt: refusable.attempt,
        done: () => `Created the batch "${namePattern}"${lease ? ` from image "${lease.image.name}"` : ''}: ${summary}`,
        owner: { id: viewer.userId, username: viewer.username },
        actor: viewer.actor,
        settled: () => {
          for (const quota of quotas) quota.release();
          lease?.release();
        },
      },
      async (handle) => {
        handle.results(results);
        const moved = new Map<string, number>();
        const outcomes = await Promise.all(
          items.map(async (item, index) => {
            const { board, reservation } = placed[index]!;
            const { outcome } = await this.instances.createOn(board, { ...body, name: item.name }, lease?.image ?? null, reservation, {
              ...handle,
              // Several copies on several nodes: the bytes of every transfer, under one progress.
              progress: (progress) => {
                moved.set(board.id, progress.bytes);
                const nodes = new Set(placed.map((entry) => entry.board.id)).size;
                const bytes = [...moved.values()].reduce((sum, value) => sum + value, 0);
                handle.progress({ ...progress, bytes, totalBytes: progress.totalBytes * nodes });
              },
            });
            if (outcome.succeeded) {
              this.ownership.set(board, item.name, item.owner.id);
              results[index] = { ...results[index]!, status: OperationStatus.SUCCEEDED, message: `created (${outcome.instance?.state ?? 'state unknown'})` };
            } else {
              results[index] = { ...results[index]!, status: OperationStatus.FAILED, message: outcome.error.message };
            }
            handle.results(results);
            return outcome;
          }),
        );
        const failed = outcomes.filter((outcome) => !outcome.succeeded).length;
        const spread = [...new Set(placed.map(({ board }) => board.name))].sort().map((name) => `${results.filter((result, index) => placed[index]!.board.name === name && result.status === OperationStatus.SUCCEEDED).length} on "${name}"`);
        summary = `${items.length - failed} of ${items.length} created (${spread.join(', ')})`;
        if (failed === 0) return { succeeded: true, instance: null, note: null };
        const first = results.find((result) => result.status === OperationStatus.FAILED)!;
        return { succeeded: false, error: { statusCode: 502, message: `${summary}; "${first.name}": ${first.message}` }, note: null };
      },
    );
  }

  /** The copies' names and owners; 400 for a pattern that makes a bad or repeated name, 403 for a member naming others. */
  private itemsFor(viewer: Principal, pattern: string, count: number | undefined, ownerName: string | undefined): Item[] {
    let owners: UserRecord[];
    if (ownerName === EACH_MEMBER) {
      if (!isAdmin(viewer)) throw new ForbiddenException('Only a teacher (admin) can create an instance for each member');
      if (count !== undefined) throw new BadRequestException('Leave count out with owner: each-member: there is one copy per member');
      owners = this.users.all().filter((user) => user.role === UserRole.MEMBER && !user.disabled).sort((a, b) => a.username.localeCompare(b.username));
      if (owners.length === 0) throw new BadRequestException('There is no enabled member to create an instance for (see GET /api/users)');
      if (owners.length > MAX_BATCH_INSTANCES) throw new BadRequestException(`A batch makes at most ${MAX_BATCH_INSTANCES} instances; the class has ${owners.length} members`);
    } else {
      if (count === undefined) throw new BadRequestException('count is needed: how many copies to make (1 to 100)');
      if (pattern.includes('{user}')) throw new BadRequestException('{user} in namePattern needs owner: each-member; use {n} for numbered copies');
      owners = Array.from({ length: count }, () => this.instances.ownerFor(viewer, ownerName));
    }
    const items = owners.map((owner, index) => ({ name: pattern.replaceAll('{n}', String(index + 1)).replaceAll('{user}', owner.username), owner }));
    const bad = items.find((item) => !isInstanceName(item.name));
    if (bad) throw new BadRequestException(`namePattern makes "${bad.name}", which is not an instance name: ${INSTANCE_NAME_RULE}`);
    const names = new Set(items.map((item) => item.name));
    if (names.size < items.length) throw new BadRequestException('namePattern gives two copies the same name: put {n} (or {user}) in it');
    return items;
  }
}
