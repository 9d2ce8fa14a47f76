import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { OperationsModule } from '../operations/operations.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { ImageDistribution } from './image-distribution.service.js';
import { ImageLibrary } from './image-library.service.js';
import { ImagePublisher } from './image-publisher.service.js';
import { ImageWarmer } from './image-warmer.service.js';
import { ImagesController } from './images.controller.js';

/** /api/images: the image library, publishing instances into it, and sending its images to nodes. */
@Module({
  imports: [StorageModule, ClockModule, EventsModule, BoardsModule, OperationsModule, OwnershipModule],
  controllers: [ImagesController],
  providers: [ImageLibrary, ImageDistribution, ImagePublisher, ImageWarmer],
  exports: [ImageLibrary, ImageDistribution],
})
export class ImagesModule {}
