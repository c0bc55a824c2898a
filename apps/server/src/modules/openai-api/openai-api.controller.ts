import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ChatCompletionRequest, chatCompletionRequestSchema } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { AllowApiKey, type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { OpenAiApiService } from './openai-api.service';

@Controller('chat/completions')
export class OpenAiApiController {
  constructor(private readonly openai: OpenAiApiService) {}

  @Post()
  @AllowApiKey()
  @HttpCode(200)
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodPipe(chatCompletionRequestSchema, 'body')) body: ChatCompletionRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (body.stream) {
      const { model, provider, upstreamModel } = unwrap(await this.openai.prepare(user.id, body));
      await this.openai.stream(user.id, body, reply, model, provider, upstreamModel);
      return;
    }
    // A non-streaming client that hangs up aborts the upstream request too.
    const abort = new AbortController();
    request.raw.on('close', () => {
      if (!reply.sent) abort.abort();
    });
    reply.send(unwrap(await this.openai.complete(user.id, body, abort.signal)));
  }
}
