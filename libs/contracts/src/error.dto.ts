import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every 4xx and 5xx answer of every TinyStack API. */
export class ErrorDto {
  @ApiProperty({ description: 'HTTP status code', example: 409 })
  statusCode!: number;

  @ApiProperty({ description: 'HTTP reason phrase', example: 'Conflict' })
  error!: string;

  @ApiProperty({
    description: 'What went wrong, written for a person',
    example: 'An instance named "web1" already exists',
  })
  message!: string;

  @ApiPropertyOptional({
    description: 'One entry per problem when there are several (validation)',
    type: [String],
  })
  details?: string[];
}
