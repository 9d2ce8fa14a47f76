import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsApiToken } from '../api-token.js';

export const NODE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const NODE_NAME_RULE = '1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit';

export class RegisterNodeDto {
  @ApiProperty({
    description:
      'Base URL of the compute API: http or https, no user name, password, query or fragment; a trailing slash is dropped',
    example: 'http://10.0.0.21:7001',
    maxLength: 2048,
  })
  @IsString({ message: 'url must be a string' })
  @MaxLength(2048, { message: 'url must be at most 2048 characters long' })
  url!: string;

  @IsApiToken(
    "The node's COMPUTE_TOKEN: the one configured on it, else the one it generated on first start and stored in " +
      'its DATA_DIR/compute-token. Stored by the manager and never returned',
  )
  token!: string;

  @ApiPropertyOptional({
    description: `Display name: ${NODE_NAME_RULE}. Default: the node's host name (made unique with a suffix)`,
    pattern: NODE_NAME_PATTERN.source,
    example: 'pi-node-1',
  })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @Matches(NODE_NAME_PATTERN, { message: `name must be ${NODE_NAME_RULE} (got "$value")` })
  name?: string;
}

/**
 * The request example for the documents. A node's address and token are the
 * reader's own, so this one cannot be sent as it stands, and its summary says so.
 */
export const REGISTER_NODE_EXAMPLES = {
  node: {
    summary: "Replace url and token with your node's",
    value: { url: 'http://10.0.0.21:7001', token: 'the-COMPUTE_TOKEN-of-the-node', name: 'pi-node-1' },
  },
} satisfies Record<string, { summary: string; value: RegisterNodeDto }>;
