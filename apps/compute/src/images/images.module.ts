import { Module } from '@nestjs/common';
import { ImageCache } from './image-cache.service.js';
import { ImagesController } from './images.controller.js';

@Module({
  controllers: [ImagesController],
  providers: [ImageCache],
  exports: [ImageCache],
})
export class ImagesModule {}
