import { IsInstanceName } from '../instance-name.js';
import { IsNodeId } from './node-id.js';

export class NodeIdParams {
  @IsNodeId()
  id!: string;
}

export class NodeInstanceParams {
  @IsNodeId()
  nodeId!: string;

  @IsInstanceName('Instance name on that node')
  name!: string;
}

export class NodeInstanceSnapshotParams extends NodeInstanceParams {
  @IsInstanceName('Snapshot name', 'clean')
  snap!: string;
}
