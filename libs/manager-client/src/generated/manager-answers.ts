// Generated from openapi/manager.json by libs/manager-client/generate-answers.mjs (npm run generate); do not edit.
import type { AnswerSchema, OperationAnswer } from '../answer-schema.js';

export const OPERATION_ANSWERS: Record<string, OperationAnswer> = {
  "POST /api/nodes/join": {
    "status": 200,
    "otherStatuses": [
      201
    ],
    "mediaType": "application/json",
    "schema": {
      "$ref": "NodeJoinAnswerDto"
    }
  },
  "GET /api/nodes": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "NodeDto"
      }
    }
  },
  "POST /api/nodes": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "NodeDto"
    }
  },
  "GET /api/nodes/{id}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "NodeDto"
    }
  },
  "DELETE /api/nodes/{id}": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "GET /api/nodes/{id}/usage/history": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "UsageHistoryDto"
    }
  },
  "GET /api/nodes/{id}/led": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "LedStatusDto"
    }
  },
  "POST /api/nodes/{id}/led/identify": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "LedStatusDto"
    }
  },
  "POST /api/join-tokens": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "CreatedJoinTokenDto"
    }
  },
  "GET /api/join-tokens": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "JoinTokenDto"
      }
    }
  },
  "DELETE /api/join-tokens/{id}": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "GET /api/discovered": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "DiscoveredBoardDto"
      }
    }
  },
  "POST /api/discovered/{computeId}/add": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "NodeDto"
    }
  },
  "GET /api/instances": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "ClusterInstanceDto"
      }
    }
  },
  "POST /api/instances": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "POST /api/instances/batch": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "GET /api/nodes/{nodeId}/instances/{name}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ClusterInstanceDetailsDto"
    }
  },
  "POST /api/nodes/{nodeId}/instances/{name}": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "PUT /api/nodes/{nodeId}/instances/{name}": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "PATCH /api/nodes/{nodeId}/instances/{name}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ClusterInstanceDetailsDto"
    }
  },
  "DELETE /api/nodes/{nodeId}/instances/{name}": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "POST /api/nodes/{nodeId}/instances/{name}/exec": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ExecResultDto"
    }
  },
  "GET /api/nodes/{nodeId}/instances/{name}/ports": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "ClusterPortForwardDto"
      }
    }
  },
  "POST /api/nodes/{nodeId}/instances/{name}/ports": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ClusterPortForwardDto"
    }
  },
  "DELETE /api/nodes/{nodeId}/instances/{name}/ports/{hostPort}": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "GET /api/nodes/{nodeId}/instances/{name}/snapshots": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "SnapshotDto"
      }
    }
  },
  "POST /api/nodes/{nodeId}/instances/{name}/snapshots": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "SnapshotDto"
    }
  },
  "POST /api/nodes/{nodeId}/instances/{name}/snapshots/{snap}/restore": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ClusterInstanceDetailsDto"
    }
  },
  "DELETE /api/nodes/{nodeId}/instances/{name}/snapshots/{snap}": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "GET /api/images": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "ImageDto"
      }
    }
  },
  "POST /api/images": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "GET /api/images/{name}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ImageDto"
    }
  },
  "PATCH /api/images/{name}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ImageDto"
    }
  },
  "DELETE /api/images/{name}": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "POST /api/images/import": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ImageDto"
    }
  },
  "POST /api/images/{name}/warm": {
    "status": 202,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "POST /api/nodes/{nodeId}/instances/{name}/console": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "TerminalTicketDto"
    }
  },
  "GET /api/operations": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "OperationDto"
      }
    }
  },
  "GET /api/operations/{id}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OperationDto"
    }
  },
  "GET /api/events": {
    "status": 200,
    "mediaType": "text/event-stream",
    "schema": {
      "oneOf": [
        {
          "$ref": "NodeStateEventDto"
        },
        {
          "$ref": "NodeUsageEventDto"
        },
        {
          "$ref": "NodeRemovedEventDto"
        },
        {
          "$ref": "InstancesEventDto"
        },
        {
          "$ref": "ActionEventDto"
        },
        {
          "$ref": "OperationEventDto"
        }
      ],
      "discriminator": {
        "propertyName": "type",
        "mapping": {
          "node-state": "NodeStateEventDto",
          "node-usage": "NodeUsageEventDto",
          "node-removed": "NodeRemovedEventDto",
          "instances": "InstancesEventDto",
          "action": "ActionEventDto",
          "operation": "OperationEventDto"
        }
      }
    }
  },
  "GET /api/events/log": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "EventLogPageDto"
    }
  },
  "POST /api/session": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "SignedInDto"
    }
  },
  "DELETE /api/session": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "GET /api/me": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "MeDto"
    }
  },
  "PUT /api/me/password": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "UserDto"
    }
  },
  "POST /api/tokens": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "CreatedPersonalTokenDto"
    }
  },
  "GET /api/tokens": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "PersonalTokenDto"
      }
    }
  },
  "DELETE /api/tokens/{id}": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "POST /api/users": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "CreatedUserDto"
    }
  },
  "GET /api/users": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "UserDto"
      }
    }
  },
  "POST /api/users/batch": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "CreatedUserDto"
      }
    }
  },
  "GET /api/users/{id}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "UserDto"
    }
  },
  "PUT /api/users/{id}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "UserDto"
    }
  },
  "DELETE /api/users/{id}": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "DeletedUserDto"
    }
  },
  "POST /api/users/{id}/reset-password": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "OneTimePasswordDto"
    }
  },
  "GET /api/quota-defaults": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "QuotaDefaultsDto"
    }
  },
  "PUT /api/quota-defaults": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "QuotaDefaultsDto"
    }
  },
  "POST /api/class-code": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ClassCodeDto"
    }
  },
  "GET /api/class-code": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ClassCodeStatusDto"
    }
  },
  "DELETE /api/class-code": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "POST /api/enrol": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "SignedInDto"
    }
  },
  "GET /api/mqtt": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "MqttInfoDto"
    }
  },
  "GET /api/mqtt/clients": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "MqttClientDto"
      }
    }
  },
  "POST /api/devices": {
    "status": 201,
    "mediaType": "application/json",
    "schema": {
      "$ref": "CreatedDeviceDto"
    }
  },
  "GET /api/devices": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "type": "array",
      "items": {
        "$ref": "DeviceDto"
      }
    }
  },
  "DELETE /api/devices/{id}": {
    "status": 204,
    "mediaType": null,
    "schema": null
  },
  "GET /health": {
    "status": 200,
    "mediaType": "application/json",
    "schema": {
      "$ref": "ManagerHealthDto"
    }
  }
};

export const ANSWER_COMPONENTS: Record<string, AnswerSchema> = {
  "ActionEventDto": {
    "type": "object",
    "required": [
      "type",
      "at",
      "entry"
    ],
    "properties": {
      "type": {
        "allOf": [
          {
            "$ref": "ManagerEventType"
          }
        ]
      },
      "at": {
        "type": "string"
      },
      "entry": {
        "$ref": "EventLogEntryDto"
      }
    }
  },
  "AuthenticatedBy": {
    "type": "string",
    "enum": [
      "session",
      "token",
      "admin-token"
    ]
  },
  "ClassCodeDto": {
    "type": "object",
    "required": [
      "code",
      "expiresAt"
    ],
    "properties": {
      "code": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string"
      }
    }
  },
  "ClassCodeStatusDto": {
    "type": "object",
    "required": [
      "open",
      "code",
      "expiresAt"
    ],
    "properties": {
      "open": {
        "type": "boolean"
      },
      "code": {
        "type": "string",
        "nullable": true
      },
      "expiresAt": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "ClusterInstanceDetailsDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "state",
      "ipv4",
      "limits",
      "autostart",
      "pid",
      "cpuTimeNs",
      "memoryBytes",
      "blkioBytes",
      "networkRxBytes",
      "networkTxBytes",
      "nodeId",
      "nodeName",
      "owner"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "state": {
        "allOf": [
          {
            "$ref": "InstanceState"
          }
        ]
      },
      "ipv4": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "maxItems": 64
      },
      "limits": {
        "allOf": [
          {
            "$ref": "InstanceLimitsDto"
          }
        ]
      },
      "autostart": {
        "type": "boolean"
      },
      "pid": {
        "type": "integer",
        "nullable": true
      },
      "cpuTimeNs": {
        "type": "integer",
        "nullable": true
      },
      "memoryBytes": {
        "type": "integer",
        "nullable": true
      },
      "blkioBytes": {
        "type": "integer",
        "nullable": true
      },
      "networkRxBytes": {
        "type": "integer",
        "nullable": true
      },
      "networkTxBytes": {
        "type": "integer",
        "nullable": true
      },
      "nodeId": {
        "type": "string"
      },
      "nodeName": {
        "type": "string"
      },
      "owner": {
        "type": "string"
      }
    }
  },
  "ClusterInstanceDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "state",
      "ipv4",
      "limits",
      "autostart",
      "owner",
      "nodeId",
      "nodeName",
      "nodeState",
      "cpuPercent",
      "memoryBytes"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "state": {
        "allOf": [
          {
            "$ref": "InstanceState"
          }
        ]
      },
      "ipv4": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "maxItems": 64
      },
      "limits": {
        "allOf": [
          {
            "$ref": "InstanceLimitsDto"
          }
        ]
      },
      "autostart": {
        "type": "boolean"
      },
      "owner": {
        "type": "string"
      },
      "nodeId": {
        "type": "string"
      },
      "nodeName": {
        "type": "string"
      },
      "nodeState": {
        "allOf": [
          {
            "$ref": "NodeState"
          }
        ]
      },
      "cpuPercent": {
        "type": "number",
        "nullable": true
      },
      "memoryBytes": {
        "type": "number",
        "nullable": true
      }
    }
  },
  "ClusterPortForwardDto": {
    "type": "object",
    "required": [
      "hostPort",
      "containerPort",
      "protocol",
      "url"
    ],
    "properties": {
      "hostPort": {
        "type": "integer"
      },
      "containerPort": {
        "type": "integer"
      },
      "protocol": {
        "allOf": [
          {
            "$ref": "PortProtocol"
          }
        ]
      },
      "url": {
        "type": "string"
      }
    }
  },
  "CreatedDeviceDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "username",
      "token"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "username": {
        "type": "string"
      },
      "token": {
        "type": "string"
      }
    }
  },
  "CreatedJoinTokenDto": {
    "type": "object",
    "required": [
      "id",
      "note",
      "createdAt",
      "expiresAt",
      "revokedAt",
      "uses",
      "lastUsedAt",
      "singleUse",
      "token",
      "command"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "note": {
        "type": "string",
        "nullable": true
      },
      "createdAt": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string"
      },
      "revokedAt": {
        "type": "string",
        "nullable": true
      },
      "uses": {
        "type": "integer"
      },
      "lastUsedAt": {
        "type": "string",
        "nullable": true
      },
      "singleUse": {
        "type": "boolean"
      },
      "token": {
        "type": "string"
      },
      "command": {
        "type": "string"
      }
    }
  },
  "CreatedPersonalTokenDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "createdAt",
      "expiresAt",
      "lastUsedAt",
      "token"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string",
        "nullable": true
      },
      "lastUsedAt": {
        "type": "string",
        "nullable": true
      },
      "token": {
        "type": "string"
      }
    }
  },
  "CreatedUserDto": {
    "type": "object",
    "required": [
      "id",
      "username",
      "role",
      "oneTimePassword"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "username": {
        "type": "string"
      },
      "role": {
        "allOf": [
          {
            "$ref": "UserRole"
          }
        ]
      },
      "oneTimePassword": {
        "type": "string"
      }
    }
  },
  "DeletedUserDto": {
    "type": "object",
    "required": [
      "operations",
      "reassigned"
    ],
    "properties": {
      "operations": {
        "type": "array",
        "items": {
          "$ref": "OperationDto"
        }
      },
      "reassigned": {
        "type": "array",
        "items": {
          "$ref": "ReassignedInstanceDto"
        }
      }
    }
  },
  "DeviceDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "username",
      "createdAt",
      "lastUsedAt",
      "connected"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "username": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      },
      "lastUsedAt": {
        "type": "string",
        "nullable": true
      },
      "connected": {
        "type": "boolean"
      }
    }
  },
  "DiscoveredBoardDto": {
    "type": "object",
    "required": [
      "computeId",
      "label",
      "addresses",
      "port",
      "version",
      "joined",
      "lastSeenAt"
    ],
    "properties": {
      "computeId": {
        "type": "string"
      },
      "label": {
        "type": "string"
      },
      "addresses": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "port": {
        "type": "integer"
      },
      "version": {
        "type": "string",
        "nullable": true
      },
      "joined": {
        "type": "boolean"
      },
      "lastSeenAt": {
        "type": "string"
      }
    }
  },
  "EventAction": {
    "type": "string",
    "enum": [
      "node-registered",
      "node-unregistered",
      "node-state-changed",
      "instance-created",
      "instance-started",
      "instance-stopped",
      "instance-restarted",
      "instance-renamed",
      "instance-deleted",
      "instance-command-run",
      "instance-terminal-opened",
      "instance-port-exposed",
      "instance-port-unexposed",
      "user-created",
      "user-enrolled",
      "user-changed",
      "user-password-reset",
      "user-password-changed",
      "user-deleted",
      "token-created",
      "token-revoked",
      "quota-defaults-changed",
      "class-code-opened",
      "class-code-closed",
      "node-joined",
      "join-token-created",
      "join-token-revoked",
      "image-imported",
      "image-published",
      "image-changed",
      "image-deleted",
      "image-warmed",
      "instances-batch-created",
      "instance-config-changed",
      "snapshot-created",
      "snapshot-restored",
      "snapshot-deleted"
    ]
  },
  "EventLogEntryDto": {
    "type": "object",
    "required": [
      "id",
      "at",
      "action",
      "result",
      "nodeId",
      "nodeName",
      "instance",
      "message",
      "actor",
      "owner"
    ],
    "properties": {
      "id": {
        "type": "number"
      },
      "at": {
        "type": "string"
      },
      "action": {
        "allOf": [
          {
            "$ref": "EventAction"
          }
        ]
      },
      "result": {
        "allOf": [
          {
            "$ref": "EventResult"
          }
        ]
      },
      "nodeId": {
        "type": "string",
        "nullable": true
      },
      "nodeName": {
        "type": "string",
        "nullable": true
      },
      "instance": {
        "type": "string",
        "nullable": true
      },
      "message": {
        "type": "string"
      },
      "actor": {
        "type": "string"
      },
      "owner": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "EventLogPageDto": {
    "type": "object",
    "required": [
      "events",
      "nextBefore"
    ],
    "properties": {
      "events": {
        "type": "array",
        "items": {
          "$ref": "EventLogEntryDto"
        }
      },
      "nextBefore": {
        "type": "number",
        "nullable": true
      }
    }
  },
  "EventResult": {
    "type": "string",
    "enum": [
      "success",
      "failure"
    ]
  },
  "ExecResultDto": {
    "type": "object",
    "required": [
      "exitCode",
      "stdout",
      "stderr",
      "truncated",
      "timedOut",
      "durationMs"
    ],
    "properties": {
      "exitCode": {
        "type": "integer",
        "nullable": true
      },
      "stdout": {
        "type": "string"
      },
      "stderr": {
        "type": "string"
      },
      "truncated": {
        "type": "boolean"
      },
      "timedOut": {
        "type": "boolean"
      },
      "durationMs": {
        "type": "integer"
      }
    }
  },
  "HealthStatus": {
    "type": "string",
    "enum": [
      "ok",
      "degraded"
    ]
  },
  "ImageDto": {
    "type": "object",
    "required": [
      "name",
      "description",
      "architecture",
      "sizeBytes",
      "sha256",
      "createdAt",
      "source",
      "createdBy"
    ],
    "properties": {
      "name": {
        "type": "string"
      },
      "description": {
        "type": "string"
      },
      "architecture": {
        "type": "string",
        "enum": [
          "amd64",
          "arm64",
          "armhf",
          "i386",
          "riscv64"
        ]
      },
      "sizeBytes": {
        "type": "integer"
      },
      "sha256": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      },
      "source": {
        "type": "string"
      },
      "createdBy": {
        "type": "string"
      }
    }
  },
  "InstanceLimitsDto": {
    "type": "object",
    "required": [
      "memoryMiB",
      "cpus",
      "cpuPercent",
      "processes",
      "enforced",
      "reason",
      "appliesAtNextStart"
    ],
    "properties": {
      "memoryMiB": {
        "type": "integer",
        "nullable": true
      },
      "cpus": {
        "type": "integer",
        "nullable": true
      },
      "cpuPercent": {
        "type": "integer",
        "nullable": true
      },
      "processes": {
        "type": "integer",
        "nullable": true
      },
      "enforced": {
        "type": "boolean"
      },
      "reason": {
        "type": "string",
        "nullable": true
      },
      "appliesAtNextStart": {
        "type": "boolean"
      }
    }
  },
  "InstanceState": {
    "type": "string",
    "enum": [
      "STOPPED",
      "STARTING",
      "RUNNING",
      "STOPPING",
      "ABORTING",
      "FREEZING",
      "FROZEN",
      "THAWED"
    ]
  },
  "InstancesEventDto": {
    "type": "object",
    "required": [
      "type",
      "at",
      "nodeId",
      "nodeName",
      "instances"
    ],
    "properties": {
      "type": {
        "allOf": [
          {
            "$ref": "ManagerEventType"
          }
        ]
      },
      "at": {
        "type": "string"
      },
      "nodeId": {
        "type": "string"
      },
      "nodeName": {
        "type": "string"
      },
      "instances": {
        "type": "array",
        "items": {
          "$ref": "OwnedInstanceDto"
        }
      }
    }
  },
  "JoinTokenDto": {
    "type": "object",
    "required": [
      "id",
      "note",
      "createdAt",
      "expiresAt",
      "revokedAt",
      "uses",
      "lastUsedAt",
      "singleUse"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "note": {
        "type": "string",
        "nullable": true
      },
      "createdAt": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string"
      },
      "revokedAt": {
        "type": "string",
        "nullable": true
      },
      "uses": {
        "type": "integer"
      },
      "lastUsedAt": {
        "type": "string",
        "nullable": true
      },
      "singleUse": {
        "type": "boolean"
      }
    }
  },
  "LedBlinkRate": {
    "type": "string",
    "enum": [
      "off",
      "2Hz",
      "1Hz",
      "0.5Hz"
    ]
  },
  "LedDeviceDto": {
    "type": "object",
    "required": [
      "enabled",
      "bus",
      "address",
      "connected",
      "lastError",
      "lastErrorAt"
    ],
    "properties": {
      "enabled": {
        "type": "boolean"
      },
      "bus": {
        "type": "integer"
      },
      "address": {
        "type": "string"
      },
      "connected": {
        "type": "boolean"
      },
      "lastError": {
        "type": "string",
        "nullable": true
      },
      "lastErrorAt": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "LedLayout": {
    "type": "string",
    "enum": [
      "adafruit-backpack",
      "straight"
    ]
  },
  "LedMountingDto": {
    "type": "object",
    "required": [
      "layout",
      "rotation",
      "mirror"
    ],
    "properties": {
      "layout": {
        "allOf": [
          {
            "$ref": "LedLayout"
          }
        ]
      },
      "rotation": {
        "type": "number",
        "enum": [
          0,
          90,
          180,
          270
        ]
      },
      "mirror": {
        "type": "boolean"
      }
    }
  },
  "LedRowLegendDto": {
    "type": "object",
    "required": [
      "row",
      "label",
      "meaning"
    ],
    "properties": {
      "row": {
        "type": "integer"
      },
      "label": {
        "type": "string"
      },
      "meaning": {
        "type": "string"
      }
    }
  },
  "LedStatusDto": {
    "type": "object",
    "required": [
      "rows",
      "legend",
      "brightness",
      "blink",
      "identifying",
      "mounting",
      "device",
      "updatedAt"
    ],
    "properties": {
      "rows": {
        "type": "array",
        "items": {
          "type": "integer"
        },
        "minItems": 8,
        "maxItems": 8
      },
      "legend": {
        "type": "array",
        "items": {
          "$ref": "LedRowLegendDto"
        },
        "maxItems": 16
      },
      "brightness": {
        "type": "integer"
      },
      "blink": {
        "allOf": [
          {
            "$ref": "LedBlinkRate"
          }
        ]
      },
      "identifying": {
        "type": "boolean"
      },
      "mounting": {
        "$ref": "LedMountingDto"
      },
      "device": {
        "$ref": "LedDeviceDto"
      },
      "updatedAt": {
        "type": "string"
      }
    }
  },
  "ManagerEventType": {
    "type": "string",
    "enum": [
      "node-state",
      "node-usage",
      "node-removed",
      "instances",
      "action",
      "operation"
    ]
  },
  "ManagerHealthDto": {
    "type": "object",
    "required": [
      "status",
      "problems",
      "uptimeSeconds",
      "nodes"
    ],
    "properties": {
      "status": {
        "allOf": [
          {
            "$ref": "HealthStatus"
          }
        ]
      },
      "problems": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "uptimeSeconds": {
        "type": "number"
      },
      "nodes": {
        "type": "number"
      }
    }
  },
  "MeDto": {
    "type": "object",
    "required": [
      "user",
      "csrfToken",
      "authenticatedBy"
    ],
    "properties": {
      "user": {
        "$ref": "UserDto"
      },
      "csrfToken": {
        "type": "string",
        "nullable": true
      },
      "authenticatedBy": {
        "allOf": [
          {
            "$ref": "AuthenticatedBy"
          }
        ]
      }
    }
  },
  "MqttClientDto": {
    "type": "object",
    "required": [
      "clientId",
      "username",
      "address",
      "transport",
      "connectedAt",
      "messagesIn",
      "messagesOut",
      "subscriptions"
    ],
    "properties": {
      "clientId": {
        "type": "string"
      },
      "username": {
        "type": "string"
      },
      "address": {
        "type": "string"
      },
      "transport": {
        "type": "string",
        "enum": [
          "tcp",
          "websocket"
        ]
      },
      "connectedAt": {
        "type": "string"
      },
      "messagesIn": {
        "type": "integer"
      },
      "messagesOut": {
        "type": "integer"
      },
      "subscriptions": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    }
  },
  "MqttExamplesDto": {
    "type": "object",
    "required": [
      "subscribe",
      "publish"
    ],
    "properties": {
      "subscribe": {
        "type": "string"
      },
      "publish": {
        "type": "string"
      }
    }
  },
  "MqttInfoDto": {
    "type": "object",
    "required": [
      "enabled",
      "port",
      "host",
      "webSocketPath",
      "topicsYouMayUse",
      "examples"
    ],
    "properties": {
      "enabled": {
        "type": "boolean"
      },
      "port": {
        "type": "integer",
        "nullable": true
      },
      "host": {
        "type": "string"
      },
      "webSocketPath": {
        "type": "string"
      },
      "topicsYouMayUse": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "examples": {
        "allOf": [
          {
            "$ref": "MqttExamplesDto"
          }
        ]
      }
    }
  },
  "NodeActionsDto": {
    "type": "object",
    "required": [
      "running",
      "queued",
      "oldestQueuedMs"
    ],
    "properties": {
      "running": {
        "type": "integer"
      },
      "queued": {
        "type": "integer"
      },
      "oldestQueuedMs": {
        "type": "number",
        "nullable": true
      }
    }
  },
  "NodeDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "url",
      "computeId",
      "version",
      "architecture",
      "templates",
      "state",
      "registeredAt",
      "lastSeenAt",
      "lastError",
      "consecutiveFailures",
      "pollLatencyMs",
      "usage",
      "usageStale",
      "instanceCount",
      "runningInstanceCount",
      "instancesError",
      "actions",
      "reservedInstances"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "url": {
        "type": "string"
      },
      "computeId": {
        "type": "string",
        "nullable": true
      },
      "version": {
        "type": "string",
        "nullable": true
      },
      "architecture": {
        "type": "string",
        "nullable": true,
        "enum": [
          "amd64",
          "arm64",
          "armhf",
          "i386",
          "riscv64"
        ]
      },
      "templates": {
        "type": "array",
        "nullable": true,
        "items": {
          "type": "string"
        }
      },
      "state": {
        "allOf": [
          {
            "$ref": "NodeState"
          }
        ]
      },
      "registeredAt": {
        "type": "string"
      },
      "lastSeenAt": {
        "type": "string",
        "nullable": true
      },
      "lastError": {
        "type": "string",
        "nullable": true
      },
      "consecutiveFailures": {
        "type": "number"
      },
      "pollLatencyMs": {
        "type": "number",
        "nullable": true
      },
      "usage": {
        "type": "object",
        "nullable": true,
        "allOf": [
          {
            "$ref": "UsageDto"
          }
        ]
      },
      "usageStale": {
        "type": "boolean"
      },
      "instanceCount": {
        "type": "number",
        "nullable": true
      },
      "runningInstanceCount": {
        "type": "number",
        "nullable": true
      },
      "instancesError": {
        "type": "string",
        "nullable": true
      },
      "actions": {
        "allOf": [
          {
            "$ref": "NodeActionsDto"
          }
        ]
      },
      "reservedInstances": {
        "type": "integer"
      },
      "ready": {
        "type": "boolean",
        "nullable": true
      },
      "checks": {
        "type": "array",
        "nullable": true,
        "items": {
          "$ref": "ReadinessCheckDto"
        }
      }
    }
  },
  "NodeJoinAnswerDto": {
    "type": "object",
    "required": [
      "nodeId",
      "name",
      "url",
      "state"
    ],
    "properties": {
      "nodeId": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "url": {
        "type": "string"
      },
      "state": {
        "allOf": [
          {
            "$ref": "NodeState"
          }
        ]
      },
      "rejoined": {
        "type": "boolean"
      }
    }
  },
  "NodeRemovedEventDto": {
    "type": "object",
    "required": [
      "type",
      "at",
      "nodeId"
    ],
    "properties": {
      "type": {
        "allOf": [
          {
            "$ref": "ManagerEventType"
          }
        ]
      },
      "at": {
        "type": "string"
      },
      "nodeId": {
        "type": "string"
      }
    }
  },
  "NodeState": {
    "type": "string",
    "enum": [
      "PENDING",
      "ACTIVE",
      "UNREACHABLE",
      "FAULTY"
    ]
  },
  "NodeStateEventDto": {
    "type": "object",
    "required": [
      "type",
      "at",
      "previousState",
      "node"
    ],
    "properties": {
      "type": {
        "allOf": [
          {
            "$ref": "ManagerEventType"
          }
        ]
      },
      "at": {
        "type": "string"
      },
      "previousState": {
        "allOf": [
          {
            "$ref": "NodeState"
          }
        ]
      },
      "node": {
        "$ref": "NodeDto"
      }
    }
  },
  "NodeUsageEventDto": {
    "type": "object",
    "required": [
      "type",
      "at",
      "node",
      "instanceFigures"
    ],
    "properties": {
      "type": {
        "allOf": [
          {
            "$ref": "ManagerEventType"
          }
        ]
      },
      "at": {
        "type": "string"
      },
      "node": {
        "allOf": [
          {
            "$ref": "NodeDto"
          }
        ]
      },
      "instanceFigures": {
        "type": "array",
        "items": {
          "$ref": "RunningInstanceFiguresDto"
        }
      }
    }
  },
  "OneTimePasswordDto": {
    "type": "object",
    "required": [
      "oneTimePassword"
    ],
    "properties": {
      "oneTimePassword": {
        "type": "string"
      }
    }
  },
  "OperationAction": {
    "type": "string",
    "enum": [
      "create",
      "start",
      "stop",
      "restart",
      "rename",
      "delete",
      "publish",
      "warm",
      "batch"
    ]
  },
  "OperationDto": {
    "type": "object",
    "required": [
      "id",
      "action",
      "nodeId",
      "nodeName",
      "instance",
      "image",
      "owner",
      "actor",
      "status",
      "createdAt",
      "finishedAt",
      "result",
      "placement",
      "error",
      "note",
      "progress",
      "results"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "action": {
        "allOf": [
          {
            "$ref": "OperationAction"
          }
        ]
      },
      "nodeId": {
        "type": "string",
        "nullable": true
      },
      "nodeName": {
        "type": "string",
        "nullable": true
      },
      "instance": {
        "type": "string"
      },
      "image": {
        "type": "string",
        "nullable": true
      },
      "owner": {
        "type": "string"
      },
      "actor": {
        "type": "string"
      },
      "status": {
        "allOf": [
          {
            "$ref": "OperationStatus"
          }
        ]
      },
      "createdAt": {
        "type": "string"
      },
      "finishedAt": {
        "type": "string",
        "nullable": true
      },
      "result": {
        "type": "object",
        "nullable": true,
        "allOf": [
          {
            "$ref": "ClusterInstanceDetailsDto"
          }
        ]
      },
      "placement": {
        "type": "object",
        "nullable": true,
        "allOf": [
          {
            "$ref": "PlacementDto"
          }
        ]
      },
      "error": {
        "type": "object",
        "nullable": true,
        "allOf": [
          {
            "$ref": "OperationErrorDto"
          }
        ]
      },
      "note": {
        "type": "string",
        "nullable": true
      },
      "progress": {
        "type": "object",
        "nullable": true,
        "allOf": [
          {
            "$ref": "OperationProgressDto"
          }
        ]
      },
      "results": {
        "type": "array",
        "nullable": true,
        "items": {
          "$ref": "OperationItemResultDto"
        }
      }
    }
  },
  "OperationErrorDto": {
    "type": "object",
    "required": [
      "statusCode",
      "message"
    ],
    "properties": {
      "statusCode": {
        "type": "integer"
      },
      "message": {
        "type": "string"
      }
    }
  },
  "OperationEventDto": {
    "type": "object",
    "required": [
      "type",
      "at",
      "operation"
    ],
    "properties": {
      "type": {
        "allOf": [
          {
            "$ref": "ManagerEventType"
          }
        ]
      },
      "at": {
        "type": "string"
      },
      "operation": {
        "allOf": [
          {
            "$ref": "OperationDto"
          }
        ]
      }
    }
  },
  "OperationItemResultDto": {
    "type": "object",
    "required": [
      "name",
      "nodeId",
      "nodeName",
      "owner",
      "status",
      "message"
    ],
    "properties": {
      "name": {
        "type": "string"
      },
      "nodeId": {
        "type": "string",
        "nullable": true
      },
      "nodeName": {
        "type": "string",
        "nullable": true
      },
      "owner": {
        "type": "string",
        "nullable": true
      },
      "status": {
        "allOf": [
          {
            "$ref": "OperationStatus"
          }
        ]
      },
      "message": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "OperationProgressDto": {
    "type": "object",
    "required": [
      "phase",
      "bytes",
      "totalBytes",
      "percent",
      "nodeName"
    ],
    "properties": {
      "phase": {
        "type": "string"
      },
      "bytes": {
        "type": "integer"
      },
      "totalBytes": {
        "type": "integer"
      },
      "percent": {
        "type": "number"
      },
      "nodeName": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "OperationStatus": {
    "type": "string",
    "enum": [
      "running",
      "succeeded",
      "failed"
    ]
  },
  "OwnedInstanceDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "state",
      "ipv4",
      "limits",
      "autostart",
      "owner"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "state": {
        "allOf": [
          {
            "$ref": "InstanceState"
          }
        ]
      },
      "ipv4": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "maxItems": 64
      },
      "limits": {
        "allOf": [
          {
            "$ref": "InstanceLimitsDto"
          }
        ]
      },
      "autostart": {
        "type": "boolean"
      },
      "owner": {
        "type": "string"
      }
    }
  },
  "PersonalTokenDto": {
    "type": "object",
    "required": [
      "id",
      "name",
      "createdAt",
      "expiresAt",
      "lastUsedAt"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string",
        "nullable": true
      },
      "lastUsedAt": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "PlacementCandidateDto": {
    "type": "object",
    "required": [
      "nodeId",
      "nodeName",
      "score",
      "cpuPercent",
      "memoryPercent",
      "runningInstances",
      "totalInstances",
      "reservedInstances",
      "imageCached"
    ],
    "properties": {
      "nodeId": {
        "type": "string"
      },
      "nodeName": {
        "type": "string"
      },
      "score": {
        "type": "number"
      },
      "cpuPercent": {
        "type": "number"
      },
      "memoryPercent": {
        "type": "number"
      },
      "runningInstances": {
        "type": "number"
      },
      "totalInstances": {
        "type": "number"
      },
      "reservedInstances": {
        "type": "number"
      },
      "imageCached": {
        "type": "boolean",
        "nullable": true
      }
    }
  },
  "PlacementDto": {
    "type": "object",
    "required": [
      "formula",
      "candidates"
    ],
    "properties": {
      "formula": {
        "type": "string"
      },
      "candidates": {
        "type": "array",
        "items": {
          "$ref": "PlacementCandidateDto"
        }
      }
    }
  },
  "PortProtocol": {
    "type": "string",
    "enum": [
      "tcp",
      "udp"
    ]
  },
  "QuotaDefaultsDto": {
    "type": "object",
    "required": [
      "instances",
      "running",
      "memoryMiB",
      "memoryEnforced",
      "memoryNote"
    ],
    "properties": {
      "instances": {
        "type": "integer",
        "nullable": true
      },
      "running": {
        "type": "integer",
        "nullable": true
      },
      "memoryMiB": {
        "type": "integer",
        "nullable": true
      },
      "memoryEnforced": {
        "type": "boolean"
      },
      "memoryNote": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "QuotaDto": {
    "type": "object",
    "required": [
      "instances",
      "running",
      "memoryMiB",
      "overrides",
      "exempt",
      "memoryEnforced",
      "memoryNote"
    ],
    "properties": {
      "instances": {
        "type": "integer",
        "nullable": true
      },
      "running": {
        "type": "integer",
        "nullable": true
      },
      "memoryMiB": {
        "type": "integer",
        "nullable": true
      },
      "overrides": {
        "allOf": [
          {
            "$ref": "QuotaLimitsDto"
          }
        ]
      },
      "exempt": {
        "type": "boolean"
      },
      "memoryEnforced": {
        "type": "boolean"
      },
      "memoryNote": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "QuotaLimitsDto": {
    "type": "object",
    "required": [
      "instances",
      "running",
      "memoryMiB"
    ],
    "properties": {
      "instances": {
        "type": "integer",
        "nullable": true
      },
      "running": {
        "type": "integer",
        "nullable": true
      },
      "memoryMiB": {
        "type": "integer",
        "nullable": true
      }
    }
  },
  "ReadinessCheckDto": {
    "type": "object",
    "required": [
      "name",
      "ok",
      "detail",
      "fix"
    ],
    "properties": {
      "name": {
        "allOf": [
          {
            "$ref": "ReadinessCheckName"
          }
        ]
      },
      "ok": {
        "type": "boolean"
      },
      "detail": {
        "type": "string"
      },
      "fix": {
        "type": "string",
        "nullable": true
      }
    }
  },
  "ReadinessCheckName": {
    "type": "string",
    "enum": [
      "lxc",
      "bridge",
      "programs",
      "nftables",
      "memory-cgroup",
      "page-size",
      "disk",
      "i2c",
      "clock"
    ]
  },
  "ReassignedInstanceDto": {
    "type": "object",
    "required": [
      "nodeId",
      "nodeName",
      "instance",
      "reason"
    ],
    "properties": {
      "nodeId": {
        "type": "string"
      },
      "nodeName": {
        "type": "string",
        "nullable": true
      },
      "instance": {
        "type": "string"
      },
      "reason": {
        "type": "string"
      }
    }
  },
  "RunningInstanceFiguresDto": {
    "type": "object",
    "required": [
      "name",
      "cpuPercent",
      "memoryBytes"
    ],
    "properties": {
      "name": {
        "type": "string"
      },
      "cpuPercent": {
        "type": "number",
        "nullable": true
      },
      "memoryBytes": {
        "type": "integer",
        "nullable": true
      }
    }
  },
  "SignedInDto": {
    "type": "object",
    "required": [
      "user",
      "csrfToken"
    ],
    "properties": {
      "user": {
        "$ref": "UserDto"
      },
      "csrfToken": {
        "type": "string"
      }
    }
  },
  "SnapshotDto": {
    "type": "object",
    "required": [
      "name",
      "createdAt",
      "sizeBytes"
    ],
    "properties": {
      "name": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      },
      "sizeBytes": {
        "type": "integer",
        "nullable": true
      }
    }
  },
  "TerminalTicketDto": {
    "type": "object",
    "required": [
      "url",
      "expiresAt"
    ],
    "properties": {
      "url": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string"
      }
    }
  },
  "UsageDto": {
    "type": "object",
    "required": [
      "cpuPercent",
      "memoryPercent",
      "memoryUsedBytes",
      "memoryTotalBytes",
      "networkRxBytesPerSecond",
      "networkTxBytesPerSecond",
      "iops",
      "runningInstances",
      "totalInstances",
      "temperatureCelsius",
      "hostname",
      "sampledAt"
    ],
    "properties": {
      "cpuPercent": {
        "type": "number"
      },
      "memoryPercent": {
        "type": "number"
      },
      "memoryUsedBytes": {
        "type": "integer"
      },
      "memoryTotalBytes": {
        "type": "integer"
      },
      "networkRxBytesPerSecond": {
        "type": "number"
      },
      "networkTxBytesPerSecond": {
        "type": "number"
      },
      "iops": {
        "type": "number"
      },
      "runningInstances": {
        "type": "integer"
      },
      "totalInstances": {
        "type": "integer"
      },
      "temperatureCelsius": {
        "type": "number",
        "nullable": true
      },
      "hostname": {
        "type": "string"
      },
      "sampledAt": {
        "type": "string"
      }
    }
  },
  "UsageHistoryDto": {
    "type": "object",
    "required": [
      "nodeId",
      "from",
      "to",
      "intervalMs",
      "points"
    ],
    "properties": {
      "nodeId": {
        "type": "string"
      },
      "from": {
        "type": "string"
      },
      "to": {
        "type": "string"
      },
      "intervalMs": {
        "type": "number"
      },
      "points": {
        "type": "array",
        "items": {
          "$ref": "UsageHistoryPointDto"
        }
      }
    }
  },
  "UsageHistoryPointDto": {
    "type": "object",
    "required": [
      "cpuPercent",
      "memoryPercent",
      "memoryUsedBytes",
      "memoryTotalBytes",
      "networkRxBytesPerSecond",
      "networkTxBytesPerSecond",
      "iops",
      "runningInstances",
      "totalInstances",
      "temperatureCelsius",
      "at",
      "pollLatencyMs"
    ],
    "properties": {
      "cpuPercent": {
        "type": "number"
      },
      "memoryPercent": {
        "type": "number"
      },
      "memoryUsedBytes": {
        "type": "integer"
      },
      "memoryTotalBytes": {
        "type": "integer"
      },
      "networkRxBytesPerSecond": {
        "type": "number"
      },
      "networkTxBytesPerSecond": {
        "type": "number"
      },
      "iops": {
        "type": "number"
      },
      "runningInstances": {
        "type": "integer"
      },
      "totalInstances": {
        "type": "integer"
      },
      "temperatureCelsius": {
        "type": "number",
        "nullable": true
      },
      "at": {
        "type": "string"
      },
      "pollLatencyMs": {
        "type": "number",
        "nullable": true
      }
    }
  },
  "UserDto": {
    "type": "object",
    "required": [
      "id",
      "username",
      "role",
      "builtIn",
      "disabled",
      "mustChangePassword",
      "hasPassword",
      "quota",
      "usage",
      "createdAt"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "username": {
        "type": "string"
      },
      "role": {
        "allOf": [
          {
            "$ref": "UserRole"
          }
        ]
      },
      "builtIn": {
        "type": "boolean"
      },
      "disabled": {
        "type": "boolean"
      },
      "mustChangePassword": {
        "type": "boolean"
      },
      "hasPassword": {
        "type": "boolean"
      },
      "quota": {
        "$ref": "QuotaDto"
      },
      "usage": {
        "$ref": "UserUsageDto"
      },
      "createdAt": {
        "type": "string"
      }
    }
  },
  "UserRole": {
    "type": "string",
    "enum": [
      "admin",
      "member"
    ]
  },
  "UserUsageDto": {
    "type": "object",
    "required": [
      "instances",
      "running",
      "memoryMiB"
    ],
    "properties": {
      "instances": {
        "type": "integer"
      },
      "running": {
        "type": "integer"
      },
      "memoryMiB": {
        "type": "integer"
      }
    }
  }
};
