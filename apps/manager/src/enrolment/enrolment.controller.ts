import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiBodyExamples, ApiErrors, Public } from '@tinystack/api-kit';
import { ClassCodeDto, ClassCodeStatusDto, ENROL_EXAMPLES, EnrolDto, OpenClassCodeDto, SignedInDto } from '@tinystack/contracts';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import { Clock } from '../clock/clock.js';
import { UserViews } from '../users/user-views.service.js';
import { ClassCodeService } from './class-code.service.js';

@ApiTags('users')
@Controller()
export class EnrolmentController {
  constructor(
    private readonly classCode: ClassCodeService,
    private readonly views: UserViews,
    private readonly clock: Clock,
  ) {}

  @Post('class-code')
  @AdminOnly('open a class code')
  @ApiOperation({
    summary: 'Open a class code: learners enrol with it (POST /api/enrol) for a limited time',
    description: 'Opening again replaces the code. Default 60 minutes, at most 24 hours.',
  })
  @ApiCreatedResponse({ type: ClassCodeDto, description: 'The code, to show to the class' })
  @ApiErrors(400, 401)
  openClassCode(@CurrentPrincipal() caller: Principal, @Body() request: OpenClassCodeDto): ClassCodeDto {
    return this.classCode.open(caller, request.minutes);
  }

  @Get('class-code')
  @AdminOnly('read the class code')
  @ApiOperation({ summary: 'Whether a class code is open, and which' })
  @ApiOkResponse({ type: ClassCodeStatusDto, description: 'The code while it is open' })
  @ApiErrors(401)
  getClassCode(): ClassCodeStatusDto {
    return this.classCode.status();
  }

  @Delete('class-code')
  @AdminOnly('close the class code')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Close the class code: nobody enrols with it any more' })
  @ApiNoContentResponse({ description: 'Closed (also when none was open)' })
  @ApiErrors(401)
  closeClassCode(@CurrentPrincipal() caller: Principal): void {
    this.classCode.close(caller);
  }

  @Post('enrol')
  @Public()
  @ApiOperation({
    summary: 'Enrol with the class code: a new member, signed in (sets the session cookie)',
    description:
      'No token: the class code is the proof. 403 "this class code is not open" for a wrong, closed or expired ' +
      'code (20 wrong ones per address in 15 minutes, then 429); 409 for a taken username.',
    security: [],
  })
  @ApiBodyExamples(EnrolDto, ENROL_EXAMPLES)
  @ApiCreatedResponse({ type: SignedInDto, description: 'Enrolled and signed in; Set-Cookie carries the session' })
  @ApiErrors(400, 403, 409, 429)
  async enrol(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() enrolment: EnrolDto): Promise<SignedInDto> {
    const opened = await this.classCode.enrol(request, enrolment);
    setSessionCookie(request, response, opened.id, opened.session.record.expiresAt, this.clock.now());
    return { user: this.views.toDto(opened.user), csrfToken: opened.session.csrfToken };
  }
}
