import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsApiToken } from './api-token.js';
import { BASE_URL_MAX_LENGTH, IsBaseUrl } from './base-url.js';
import { VERSION_PATTERN } from './version.js';
import { NodeState } from './manager/node-state.js';

/**
 * A join token as a manager makes it (POST /api/join-tokens): "tsj_" and 32
 * random bytes in base64url. Its form is checked before anything else looks
 * at it, and it is never logged, echoed or stored in plain text by a manager.
 */
export const JOIN_TOKEN_PATTERN = /^tsj_[A-Za-z0-9_-]{43}$/;
export const JOIN_TOKEN_RULE = '"tsj_" followed by 43 letters, digits, "-" or "_", as the manager shows it once when it makes the token';

export function isJoinToken(value: unknown): value is string {
  return typeof value === 'string' && JOIN_TOKEN_PATTERN.test(value);
}

/** How far a compute node is with joining its manager (GET /health, join). */
export const JOIN_STATES = ['not-configured', 'joining', 'joined', 'refused'] as const;
export type JoinState = (typeof JOIN_STATES)[number];

/** A well-formed join token that no manager made: the documents' example, so that Swagger UI pre-fills the shape. */
export const JOIN_TOKEN_EXAMPLE = 'tsj_EXAMPLE-made-up-not-a-real-token-0123456789';

/** Validation and documentation of a property holding a join token; the messages never show the value. */
export function IsJoinToken(description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description: `${description}. A join token is ${JOIN_TOKEN_RULE}`,
      pattern: JOIN_TOKEN_PATTERN.source,
      minLength: 47,
      maxLength: 47,
      example: JOIN_TOKEN_EXAMPLE,
    }),
    IsString({ message: '$property must be a string' }),
    Matches(JOIN_TOKEN_PATTERN, { message: `$property must be ${JOIN_TOKEN_RULE}` }),
  );
}

/**
 * What a compute node sends to its manager's POST /api/nodes/join. No bearer
 * token: the join token is the credential. The manager reaches the node at
 * advertiseUrl, else at http://<the request's remote address>:<port>.
 */
export class NodeJoinRequestDto {
  @IsJoinToken('The join token the node was given (MANAGER_URL and JOIN_TOKEN, or tinystack-compute join)')
  joinToken!: string;

  @ApiProperty({ format: 'uuid', description: "The node's own id (its DATA_DIR/node-id, GET /health nodeId)", example: '0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b' })
  @IsUUID('all', { message: 'computeId must be a UUID (got "$value")' })
  computeId!: string;

  @IsApiToken("The node's COMPUTE_TOKEN, which the manager sends on every call to it and keeps to itself")
  computeToken!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 65535, description: 'The port the compute API listens on', example: 7001 })
  @IsInt({ message: 'port must be a whole number from 1 to 65535 (got "$value")' })
  @Min(1, { message: 'port must be a whole number from 1 to 65535 (got "$value")' })
  @Max(65535, { message: 'port must be a whole number from 1 to 65535 (got "$value")' })
  port!: number;

  @ApiPropertyOptional({
    description: "Where the manager reaches the node (its COMPUTE_ADVERTISE_URL); absent: the request's remote address and port",
    maxLength: BASE_URL_MAX_LENGTH,
    example: 'http://10.0.0.21:7001',
  })
  @IsOptional()
  @IsBaseUrl()
  advertiseUrl?: string;

  @ApiProperty({ minLength: 1, maxLength: 253, example: 'pi-node-1' })
  @IsString({ message: 'hostname must be a string (got "$value")' })
  @Length(1, 253, { message: 'hostname must be 1 to 253 characters long' })
  hostname!: string;

  @ApiProperty({ description: 'The TinyStack version the node runs', pattern: VERSION_PATTERN.source, maxLength: 64, example: '0.1.0' })
  @IsString({ message: 'version must be a version such as 1.2.3 (got "$value")' })
  @MaxLength(64, { message: 'version must be at most 64 characters long' })
  @Matches(VERSION_PATTERN, { message: 'version must be a version such as 1.2.3 (got "$value")' })
  version!: string;
}

/** The manager's answer to a join: 201 for a new node, 200 with rejoined for one it had already. */
export class NodeJoinAnswerDto {
  @ApiProperty({ format: 'uuid', description: "The node's id on the manager (GET /api/nodes/{id})" })
  @IsUUID('all', { message: 'nodeId must be a UUID (got "$value")' })
  nodeId!: string;

  @ApiProperty({ description: 'The name the manager shows for the node', example: 'pi-node-1' })
  @IsString({ message: 'name must be a string (got "$value")' })
  @Length(1, 253, { message: 'name must be 1 to 253 characters long' })
  name!: string;

  @ApiProperty({ description: 'Where the manager reaches the node', example: 'http://10.0.0.21:7001' })
  @IsString({ message: 'url must be a string (got "$value")' })
  @MaxLength(BASE_URL_MAX_LENGTH, { message: `url must be at most ${BASE_URL_MAX_LENGTH} characters long` })
  url!: string;

  @ApiProperty({ enum: NodeState, enumName: 'NodeState', example: NodeState.PENDING })
  @IsEnum(NodeState, { message: `state must be one of ${Object.values(NodeState).join(', ')} (got "$value")` })
  state!: NodeState;

  @ApiPropertyOptional({ description: 'true: the manager knew this node already (a restart); its address and token are updated' })
  @IsOptional()
  @IsBoolean({ message: 'rejoined must be true or false (got "$value")' })
  rejoined?: boolean;
}

/**
 * POST /join/offer on a compute node that has not joined a manager: a manager
 * that discovered it on the LAN hands it a join token, and the node joins
 * through the normal path. No bearer token (the node has not met the manager).
 */
export class JoinOfferDto {
  @ApiProperty({ description: 'The base URL of the manager that offers (where the node sends its join)', maxLength: BASE_URL_MAX_LENGTH, example: 'http://10.0.0.2:8080' })
  @IsBaseUrl()
  managerUrl!: string;

  @IsJoinToken('A join token of that manager')
  joinToken!: string;
}

export class JoinStatusDto {
  @ApiProperty({ type: String, nullable: true, maxLength: BASE_URL_MAX_LENGTH, description: 'The manager the node joins (no token, ever)', example: 'http://10.0.0.2:8080' })
  @IsOptional()
  @IsString({ message: 'managerUrl must be a string or null (got "$value")' })
  @MaxLength(BASE_URL_MAX_LENGTH, { message: `managerUrl must be at most ${BASE_URL_MAX_LENGTH} characters long` })
  managerUrl!: string | null;

  @ApiProperty({
    enum: JOIN_STATES,
    enumName: 'JoinState',
    description:
      'not-configured: no manager to join (MANAGER_URL, tinystack-compute join, or a discovery offer); joining: trying, ' +
      'see detail; joined: the manager has the node; refused: the manager refused the join token (it retries no more)',
    example: 'joined',
  })
  @IsIn(JOIN_STATES, { message: `state must be one of ${JOIN_STATES.join(', ')} (got "$value")` })
  state!: JoinState;

  @ApiProperty({ maxLength: 4000, description: 'What happened last, for a person', example: 'joined http://10.0.0.2:8080 as "pi-node-1"; it reaches this board at http://10.0.0.21:7001' })
  @IsString({ message: 'detail must be a string (got "$value")' })
  @MaxLength(4000, { message: 'detail must be at most 4000 characters long' })
  detail!: string;
}
