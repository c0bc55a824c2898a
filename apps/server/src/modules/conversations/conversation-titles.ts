import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LOGGER, type Logger } from '../../common/logger';
import type { GenerationInput } from '../streaming/generation-job';
import { GenerationService } from '../streaming/generation.service';
import type { MessageRow } from '../messages/messages.repository';
import { EventBus } from '../events/event-bus';
import { DEFAULT_TITLE, toConversation } from './conversation.mapper';
import { ConversationsRepository } from './conversations.repository';

const TITLE_TIMEOUT_MS = 15_000;
const MAX_TITLE_LENGTH = 60;

/** The first words of the prompt: the title when no model can (or should) write one. */
export function titleFromPrompt(prompt: string): string {
  const words = prompt.replace(/\s+/g, ' ').trim().split(' ').slice(0, 8).join(' ');
  const title = words.length > MAX_TITLE_LENGTH ? `${words.slice(0, MAX_TITLE_LENGTH - 1).trimEnd()}…` : words;
  return title || DEFAULT_TITLE;
}

function cleanModelTitle(text: string): string | null {
  const line = text.split('\n').find((l) => l.trim())?.trim() ?? '';
  const title = line.replace(/^["'“”#*\s]+|["'“”*.\s]+$/g, '').replace(/^title:\s*/i, '');
  if (!title || title.length > 80) return null;
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

/** Names a conversation after its first reply: by its model, falling back to the prompt's first words. */
@Injectable()
export class ConversationTitles implements OnModuleInit {
  constructor(
    private readonly generation: GenerationService,
    private readonly conversations: ConversationsRepository,
    private readonly events: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    this.generation.onReplyFinished((reply, input) => void this.titleAfterFirstReply(reply, input));
  }

  private async titleAfterFirstReply(reply: MessageRow, input: GenerationInput) {
    if (reply.status !== 'complete' || !input.prompt) return;
    try {
      const conversation = await this.conversations.findConversationById({ id: reply.conversationId });
      if (!conversation || conversation.title !== DEFAULT_TITLE) return;
      const prompt = [...input.prompt].reverse().find((m) => m.role === 'user')?.content ?? '';
      let title = titleFromPrompt(prompt);
      if (input.provider.name !== 'builtin') {
        const answer = await input.provider.complete({
          model: input.upstreamModel,
          signal: AbortSignal.timeout(TITLE_TIMEOUT_MS),
          maxTokens: 24,
          messages: [
            { role: 'system', content: 'Write a title of at most six words for this conversation. Answer with the title only.' },
            { role: 'user', content: prompt.slice(0, 2_000) },
          ],
        });
        if (answer.ok) title = cleanModelTitle(answer.value.content) ?? title;
      }
      const named = await this.conversations.setTitleIfDefault({ id: reply.conversationId, title, defaultTitle: DEFAULT_TITLE });
      if (named) this.events.publishToConversation(named, { type: 'conversation.updated', conversation: toConversation(named) });
    } catch (err) {
      this.logger.warn({ err, conversationId: reply.conversationId }, 'auto-title failed');
    }
  }
}
