import { Global, Module } from '@nestjs/common';
import { EventAudience } from './event-audience';
import { EventBus } from './event-bus';
import { EventsController } from './events.controller';

@Global()
@Module({ controllers: [EventsController], providers: [EventBus, EventAudience], exports: [EventBus] })
export class EventsModule {}
