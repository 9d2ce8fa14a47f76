import { configSaveVerb, configShowVerb } from './config.verb.js';
import { consoleVerb } from './console.verb.js';
import { batchVerb } from './batch.verb.js';
import { createVerb } from './create.verb.js';
import { deleteVerb } from './delete.verb.js';
import { deviceAddVerb, deviceListVerb, deviceRevokeVerb } from './device.verb.js';
import { eventsVerb } from './events.verb.js';
import { execVerb } from './exec.verb.js';
import { helpVerb } from './help.verb.js';
import { imageDeleteVerb, imageImportVerb, imageListVerb, imageRenameVerb, imageShowVerb, imagesVerb, imageWarmVerb, publishVerb } from './image.verb.js';
import { identifyVerb } from './identify.verb.js';
import { restartVerb, startVerb, stopVerb } from './instance-action.verb.js';
import { instanceShowVerb } from './instance-show.verb.js';
import { instancesVerb } from './instances.verb.js';
import { JOIN_COMMANDS } from './join.verb.js';
import { ledVerb } from './led.verb.js';
import { limitsVerb } from './limits.verb.js';
import { mqttClientsVerb, mqttInfoVerb } from './mqtt.verb.js';
import { nodeAddVerb } from './node-add.verb.js';
import { nodeRemoveVerb } from './node-remove.verb.js';
import { nodeShowVerb } from './node-show.verb.js';
import { nodesVerb } from './nodes.verb.js';
import { operationVerb } from './operation.verb.js';
import { operationsVerb } from './operations.verb.js';
import { exposeVerb, portsVerb, unexposeVerb } from './ports.verb.js';
import { renameVerb } from './rename.verb.js';
import { restoreVerb, snapshotDeleteVerb, snapshotsVerb, snapshotVerb } from './snapshot.verb.js';
import { usageVerb } from './usage.verb.js';
import { classCodeCloseVerb, classCodeOpenVerb, classCodeShowVerb } from './class-code.verb.js';
import { loginVerb, logoutVerb } from './login.verb.js';
import { quotaVerb } from './quota.verb.js';
import { tokenAddVerb, tokenRevokeVerb, tokensVerb } from './tokens.verb.js';
import {
  userAddVerb,
  userDeleteVerb,
  userDisableVerb,
  userEnableVerb,
  userQuotaVerb,
  userResetVerb,
  userShowVerb,
  usersVerb,
} from './users.verb.js';
import type { Command } from './verb.js';
import { passwordVerb, whoamiVerb } from './whoami.verb.js';

/** Every word `tinystack` understands. A new verb is a module of its own, added here. */
export const COMMANDS: readonly Command[] = [
  instancesVerb,
  instanceShowVerb,
  createVerb,
  batchVerb,
  limitsVerb,
  startVerb,
  stopVerb,
  restartVerb,
  renameVerb,
  deleteVerb,
  execVerb,
  consoleVerb,
  portsVerb,
  exposeVerb,
  unexposeVerb,
  imagesVerb,
  {
    kind: 'group',
    name: 'image',
    verbs: [imageListVerb, imageShowVerb, imageImportVerb, imageRenameVerb, imageDeleteVerb, imageWarmVerb],
    fallback: imageListVerb,
  },
  publishVerb,
  snapshotVerb,
  snapshotsVerb,
  restoreVerb,
  snapshotDeleteVerb,
  operationsVerb,
  operationVerb,
  nodesVerb,
  { kind: 'group', name: 'node', verbs: [nodeShowVerb, nodeAddVerb, nodeRemoveVerb], fallback: nodeShowVerb },
  ...JOIN_COMMANDS,
  usageVerb,
  ledVerb,
  identifyVerb,
  eventsVerb,
  loginVerb,
  logoutVerb,
  whoamiVerb,
  passwordVerb,
  tokensVerb,
  { kind: 'group', name: 'token', verbs: [tokenAddVerb, tokenRevokeVerb], fallback: tokensVerb },
  usersVerb,
  {
    kind: 'group',
    name: 'user',
    verbs: [userShowVerb, userAddVerb, userResetVerb, userDisableVerb, userEnableVerb, userDeleteVerb, userQuotaVerb],
    fallback: userShowVerb,
  },
  quotaVerb,
  { kind: 'group', name: 'class-code', verbs: [classCodeOpenVerb, classCodeCloseVerb, classCodeShowVerb], fallback: classCodeShowVerb },
  { kind: 'group', name: 'mqtt', verbs: [mqttInfoVerb, mqttClientsVerb], fallback: mqttInfoVerb },
  { kind: 'group', name: 'device', verbs: [deviceAddVerb, deviceListVerb, deviceRevokeVerb], fallback: deviceListVerb },
  { kind: 'group', name: 'config', verbs: [configShowVerb, configSaveVerb], fallback: configShowVerb },
  helpVerb,
];
