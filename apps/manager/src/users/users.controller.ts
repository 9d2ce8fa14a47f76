import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_USER_EXAMPLES,
  CREATE_USERS_BATCH_EXAMPLES,
  CreatedUserDto,
  CreateUserDto,
  CreateUsersBatchDto,
  DeletedUserDto,
  DeleteUserQuery,
  OneTimePasswordDto,
  UPDATE_USER_EXAMPLES,
  UpdateUserDto,
  UserDto,
  UserIdParams,
  UserRole,
} from '@tinystack/contracts';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { UserDirectory } from './user-directory.service.js';
import { UserViews } from './user-views.service.js';
import { UsersService } from './users.service.js';

const USER_ID = { name: 'id', description: 'User id (see GET /api/users)', format: 'uuid' } as const;

@ApiTags('users')
@ApiErrors(401, 403)
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly directory: UserDirectory,
    private readonly views: UserViews,
  ) {}

  @Post()
  @AdminOnly('create users')
  @ApiOperation({
    summary: 'Create a user with a one-time password (shown once)',
    description:
      'The one-time password is answered here only and stored as an scrypt hash; at the first sign-in the user ' +
      'must choose a password (PUT /api/me/password). quota: limits of this member (absent fields follow the default).',
  })
  @ApiBodyExamples(CreateUserDto, CREATE_USER_EXAMPLES)
  @ApiCreatedResponse({ type: CreatedUserDto, description: 'The user and their one-time password' })
  @ApiErrors(400, 409)
  createUser(@CurrentPrincipal() caller: Principal, @Body() request: CreateUserDto): Promise<CreatedUserDto> {
    return this.users.create(caller, request);
  }

  @Post('batch')
  @AdminOnly('create users')
  @ApiOperation({
    summary: 'Create users from a list of names, each with a one-time password (shown once)',
    description: 'All or none: a name that is not a username, appears twice or is taken is refused (400, 409) naming it, and nobody is created.',
  })
  @ApiBodyExamples(CreateUsersBatchDto, CREATE_USERS_BATCH_EXAMPLES)
  @ApiCreatedResponse({ type: [CreatedUserDto], description: 'The users in the order given, with their one-time passwords' })
  @ApiErrors(400, 409)
  createUsers(@CurrentPrincipal() caller: Principal, @Body() request: CreateUsersBatchDto): Promise<CreatedUserDto[]> {
    return this.users.createBatch(caller, request.usernames, request.role ?? UserRole.MEMBER);
  }

  @Get()
  @AdminOnly('list the users')
  @ApiOperation({ summary: 'Every user with their quota and what they use now' })
  @ApiOkResponse({ type: [UserDto], description: 'By username' })
  listUsers(): UserDto[] {
    return this.directory.all().map((user) => this.views.toDto(user));
  }

  @Get(':id')
  @AdminOnly('read users')
  @ApiOperation({ summary: 'One user' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserDto, description: 'The user' })
  @ApiErrors(400, 404)
  getUser(@Param() params: UserIdParams): UserDto {
    return this.views.toDto(this.users.require(params.id));
  }

  @Put(':id')
  @AdminOnly('change users')
  @ApiOperation({
    summary: "Change a member's quota, or disable or enable a user",
    description:
      'quota: a field set to null returns to the default, an absent one stays (admins have no quota). disabled: a ' +
      'disabled user is refused at once, their sessions end and their tokens stop working (until enabled again). ' +
      'The built-in admin and the caller cannot be disabled (409).',
  })
  @ApiParam(USER_ID)
  @ApiBodyExamples(UpdateUserDto, UPDATE_USER_EXAMPLES)
  @ApiOkResponse({ type: UserDto, description: 'The user as changed' })
  @ApiErrors(400, 404, 409)
  updateUser(@CurrentPrincipal() caller: Principal, @Param() params: UserIdParams, @Body() request: UpdateUserDto): UserDto {
    return this.views.toDto(this.users.update(caller, params.id, request));
  }

  @Post(':id/reset-password')
  @AdminOnly('reset passwords')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'A new one-time password for the user (shown once); their sessions end',
    description: 'They must choose a password at their next sign-in. Their personal tokens keep working.',
  })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: OneTimePasswordDto, description: 'The one-time password' })
  @ApiErrors(400, 404)
  async resetPassword(@CurrentPrincipal() caller: Principal, @Param() params: UserIdParams): Promise<OneTimePasswordDto> {
    return { oneTimePassword: await this.users.resetPassword(caller, params.id) };
  }

  @Delete(':id')
  @AdminOnly('delete users')
  @ApiOperation({
    summary: 'Delete a user; say what becomes of their instances',
    description:
      'instances=reassign: they become the built-in admin\'s; instances=delete: each is deleted (forced), as ' +
      'operations; one whose node cannot take the delete now is given to the admin, with the reason. Their sessions ' +
      'and tokens end at once. The built-in admin and the caller cannot be deleted (409).',
  })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: DeletedUserDto, description: 'Deleted: the delete operations started, the instances given to the admin' })
  @ApiErrors(400, 404, 409)
  deleteUser(@CurrentPrincipal() caller: Principal, @Param() params: UserIdParams, @Query() query: DeleteUserQuery): DeletedUserDto {
    return this.users.remove(caller, params.id, query.instances);
  }
}
