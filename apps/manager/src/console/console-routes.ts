import { extname } from 'node:path';
import { Injectable, Logger, NotFoundException, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application, NextFunction, Request, Response } from 'express';
import { API_PREFIX } from '../manager.app.js';
import { consoleCacheControl } from './console-cache.js';
import { ConsoleFiles, type ConsoleAnswer } from './console-files.js';

/** The headers a console answer sets before its file is sent, taken back if sending fails. */
const ANSWER_HEADERS = ['Content-Type', 'Content-Encoding', 'Cache-Control', 'Vary'];

/** Paths the console never answers, so that an unknown API route stays a JSON 404. */
export function isApiPath(path: string): boolean {
  return path === '/health' || path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`);
}

/**
 * Answers every path outside the API: GET and HEAD with the console, the
 * rest with a 404 ErrorDto (Nest's own 404 covers the /api prefix only).
 * Registered once the app's routes are (module init comes after them), so it
 * never shadows one.
 */
@Injectable()
export class ConsoleRoutes implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    /** Absent when the console was never built. */
    @Optional() private readonly files?: ConsoleFiles,
  ) {}

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter.getInstance<Application>();
    express.all('/{*path}', (request: Request, response: Response, next: NextFunction) => {
      if (isApiPath(request.path)) return next();
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return next(new NotFoundException(`Cannot ${request.method} ${request.path}`));
      }
      const files = this.files;
      if (!files) return next(new NotFoundException('The admin console is not built: run "npm run build:console"'));
      files.answer(request.path, request.headers['accept-encoding']).then(
        (answer) => (answer ? this.send(files, answer, response, next) : next(new NotFoundException(`The console has no file ${request.path}`))),
        next,
      );
    });
  }

  private send(files: ConsoleFiles, answer: ConsoleAnswer, response: Response, next: NextFunction): void {
    response.type(extname(answer.represents));
    if (answer.coding) response.setHeader('Content-Encoding', answer.coding);
    response.setHeader('Cache-Control', consoleCacheControl(answer.represents));
    response.vary('Accept-Encoding');
    response.sendFile(answer.send, { root: files.directory }, (error?: Error & { code?: string }) => {
      if (!error || error.code === 'ECONNABORTED') return;
      if (response.headersSent) {
        this.logger.error(`Sending ${answer.send} failed midway: ${error.message}`);
        response.destroy();
        return;
      }
      // The file went away between the look-up and the send (a rebuild): answer as for any missing file.
      for (const header of ANSWER_HEADERS) response.removeHeader(header);
      next(error.code === 'ENOENT' ? new NotFoundException(`The console has no file ${answer.represents}`) : error);
    });
  }
}
