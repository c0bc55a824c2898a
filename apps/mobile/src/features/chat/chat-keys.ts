/** Query keys of the chat feature; invalidate through these after every write. */
export const chatKeys = {
  all: ['chat'] as const,
  messages: (conversationId: string) => [...chatKeys.all, 'messages', conversationId] as const,
};
