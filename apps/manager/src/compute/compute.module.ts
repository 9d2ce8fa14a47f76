import { Module } from '@nestjs/common';
import { ComputeClientFactory } from './compute-client.factory.js';
import { HttpComputeClientFactory } from './http-compute-client.factory.js';

/** Talking to compute nodes over HTTP, through the client generated from openapi/compute.json. */
@Module({
  providers: [{ provide: ComputeClientFactory, useClass: HttpComputeClientFactory }],
  exports: [ComputeClientFactory],
})
export class ComputeModule {}
