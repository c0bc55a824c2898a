import { Module } from '@nestjs/common';
import { StreamingModule } from '../streaming/streaming.module';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

/** Document versions and the rules of document mode; its routes are in DocumentsApiModule. */
@Module({ imports: [StreamingModule], providers: [DocumentsRepository, DocumentsService], exports: [DocumentsService] })
export class DocumentsModule {}
