import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { ArchiveController } from './archive.controller';
import { ArchiveRepository } from './archive.repository';
import { ArchiveService } from './archive.service';

/** Export and import of conversations. */
@Module({ imports: [ModelsModule], controllers: [ArchiveController], providers: [ArchiveRepository, ArchiveService], exports: [ArchiveService, ArchiveRepository] })
export class ArchiveModule {}
