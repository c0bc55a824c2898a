import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ChangeEvent } from '@mana/contracts';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { SseConnection } from '../streaming/sse-connection';
import { EventBus } from './event-bus';

/** The frame of one change; `event:` lets EventSource clients listen per type. */
const frameOf = (event: ChangeEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

@Controller('events')
export class EventsController {
  constructor(private readonly bus: EventBus) {}

  @Get()
  follow(@CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply) {
    const connection = new SseConnection(reply);
    // A slow device skips nothing but is not buffered forever: past one socket's worth it is cut off
    // and reconnects, then reloads what it shows.
    const unsubscribe = this.bus.subscribe(user.id, (event) => {
      if (!connection.write(frameOf(event), () => undefined) && connection.res.writableLength > 1_000_000) {
        connection.end();
      }
    });
    connection.onClose(unsubscribe);
    connection.write('retry: 3000\n: connected\n\n', () => undefined);
  }
}
