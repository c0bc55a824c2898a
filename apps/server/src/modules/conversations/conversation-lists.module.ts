import { Global, Module } from '@nestjs/common';
import { ConversationListCache } from './conversation-list-cache';

/** The list cache on its own, global: spaces, archive and account deletion clear it too. */
@Global()
@Module({ providers: [ConversationListCache], exports: [ConversationListCache] })
export class ConversationListsModule {}
