import Ionicons from '@expo/vector-icons/Ionicons';
import { AppError, type Message } from '@mana/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ActivityIndicator, FlatList, KeyboardAvoidingView, Platform, Pressable, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useClient } from '@/features/auth/session';
import { conversationKeys } from '@/features/conversations/conversation-keys';
import { useConversation } from '@/features/conversations/use-conversations';
import { useModelNames, useModels } from '@/features/models/use-models';
import { usePreferences } from '@/features/settings/preferences';
import { spaceKeys } from '@/features/spaces/space-keys';
import { canWrite } from '@/features/spaces/space-roles';
import { useSpace } from '@/features/spaces/use-spaces';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { chatKeys } from './chat-keys';
import { Composer } from './composer';
import { flattenMessages } from './message-cache';
import { AssistantMessage, UserMessage } from './message-rows';
import { useLiveReply, useReplyStreams } from './reply-streams-provider';
import { useMessages } from './use-messages';

type Row = { kind: 'message'; message: Message } | { kind: 'pending'; id: string; content: string };

const errorText = (error: unknown) => (error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error));

export default function ChatScreen() {
  const params = useLocalSearchParams<{ id: string; templateId?: string; prompt?: string; spaceId?: string }>();
  const conversationId = params.id && params.id !== 'new' ? params.id : null;
  const t = useT();
  const router = useRouter();
  const client = useClient();
  const queryClient = useQueryClient();
  const streams = useReplyStreams();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const { preferences } = usePreferences();
  const modelName = useModelNames();
  const models = useModels();

  const conversation = useConversation(conversationId);
  const messagesQuery = useMessages(conversationId);
  const messages = useMemo(() => flattenMessages(messagesQuery.data), [messagesQuery.data]);

  const [draft, setDraft] = useState(params.prompt ?? '');
  const [pendingText, setPendingText] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A space's conversation does not say the reader's role; the space does. Viewers only read.
  const spaceId = conversationId ? (conversation.data?.spaceId ?? null) : (params.spaceId ?? null);
  const spaceQuery = useSpace(spaceId);
  const access: 'write' | 'read' | 'unknown' =
    conversationId && conversation.isPending ? 'unknown' : !spaceId ? 'write' : spaceQuery.data ? (canWrite(spaceQuery.data.role) ? 'write' : 'read') : spaceQuery.isError ? 'read' : 'unknown';
  const writable = access === 'write';

  const defaultModel = models.data?.find((m) => m.isDefault)?.id ?? models.data?.[0]?.id ?? null;
  const modelId = conversation.data?.modelId ?? preferences.defaultModelId ?? defaultModel;

  // Replies still running on the server (after a reload, or started on another device) are followed here.
  useEffect(() => {
    if (!conversationId) return;
    for (const message of messages) {
      if (message.role === 'assistant' && (message.status === 'pending' || message.status === 'streaming')) streams.attach(conversationId, message.id);
    }
  }, [conversationId, messages, streams]);

  const last = messages.at(-1);
  const lastLive = useLiveReply(last?.role === 'assistant' ? last.id : '');
  const streamingReply =
    last?.role === 'assistant' &&
    (lastLive && lastLive.lastSeq >= 0 ? lastLive.status === 'streaming' : last.status === 'pending' || last.status === 'streaming')
      ? last
      : null;

  const run = useCallback(
    async (action: () => Promise<unknown>, restore?: string) => {
      setError(null);
      try {
        await action();
      } catch (failure) {
        const forbidden = failure instanceof AppError && failure.code === 'FORBIDDEN' && spaceId !== null;
        // The role changed since the space was loaded (made a viewer): reload it, the composer goes.
        if (forbidden) void queryClient.invalidateQueries({ queryKey: spaceKeys.detail(spaceId) });
        setError(forbidden ? t('chat.readOnlyNow') : t('chat.sendFailed', { message: errorText(failure) }));
        if (restore !== undefined) setDraft(restore);
        if (conversationId) void queryClient.invalidateQueries({ queryKey: chatKeys.messages(conversationId) });
      } finally {
        setPendingText(null);
      }
    },
    [conversationId, queryClient, spaceId, t],
  );

  const send = () => {
    const content = draft.trim();
    if (!content) return;
    setDraft('');
    setPendingText(content);
    if (editing && conversationId) {
      const messageId = editing;
      setEditing(null);
      void run(() => streams.edit(conversationId, messageId, { content }), content);
      return;
    }
    void run(async () => {
      if (conversationId) {
        await streams.send(conversationId, { content });
        return;
      }
      const created = await client.createConversation({
        ...(modelId ? { modelId } : {}),
        ...(params.templateId ? { templateId: params.templateId } : {}),
        ...(spaceId ? { spaceId } : {}),
      });
      queryClient.setQueryData(conversationKeys.detail(created.id), created);
      await streams.send(created.id, { content });
      void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
      router.replace(`/chat/${created.id}`);
    }, content);
  };

  const regenerate = useCallback(
    (message: Message) => {
      if (conversationId) void run(() => streams.regenerate(conversationId, message.id));
    },
    [conversationId, run, streams],
  );

  const switchBranch = useCallback(
    (siblingId: string) => {
      if (!conversationId) return;
      void run(async () => {
        const updated = await client.switchBranch(conversationId, siblingId);
        queryClient.setQueryData(conversationKeys.detail(conversationId), updated);
        await queryClient.invalidateQueries({ queryKey: chatKeys.messages(conversationId) });
      });
    },
    [client, conversationId, queryClient, run],
  );

  const startEdit = useCallback((messageId: string, content: string) => {
    setEditing(messageId);
    setDraft(content);
  }, []);

  const rows = useMemo<Row[]>(() => {
    const list: Row[] = messages.filter((m) => m.role !== 'system').map((message) => ({ kind: 'message', message }));
    if (pendingText !== null && !editing) list.push({ kind: 'pending', id: 'pending', content: pendingText });
    return list.reverse();
  }, [messages, pendingText, editing]);

  const notFound = conversation.error instanceof AppError && conversation.error.code === 'NOT_FOUND';
  const title = conversationId ? (conversation.data?.title ?? '') : t('list.newChat');
  const currentModelName = modelId ? modelName(modelId) : '';

  const renderItem = useCallback(
    ({ item }: { item: Row }) => {
      if (item.kind === 'pending') return <UserMessage message={{ id: 'pending', content: item.content, siblingIds: [] }} pending onSwitchBranch={() => undefined} />;
      const message = item.message;
      if (message.role === 'user') {
        return <UserMessage message={message} onEdit={streamingReply || !writable ? undefined : startEdit} onSwitchBranch={writable ? switchBranch : undefined} />;
      }
      return (
        <AssistantMessage
          message={message}
          modelName={modelName(message.modelId)}
          onRegenerate={writable ? regenerate : undefined}
          onSwitchBranch={writable ? switchBranch : undefined}
        />
      );
    },
    [modelName, regenerate, startEdit, streamingReply, switchBranch, writable],
  );

  const modelChip = (
    <Pressable
      testID="chat-model"
      accessibilityRole="button"
      accessibilityLabel={t('chat.changeModel')}
      disabled={!writable}
      onPress={() => router.push(conversationId ? { pathname: '/models', params: { conversationId } } : '/models')}
      style={({ pressed }) => [styles.modelChip, pressed && { opacity: 0.7 }]}
    >
      <Text style={styles.modelChipText} numberOfLines={1}>
        {currentModelName || '…'}
      </Text>
      {writable ? <Ionicons name="chevron-down" size={13} color={palette.accent} /> : null}
    </Pressable>
  );

  return (
    <Screen testID="chat-screen">
      <ScreenHeader
        onBack={() => (router.canGoBack() ? router.back() : router.replace('/'))}
        middle={
          <View style={styles.headerMiddle}>
            <Text testID="chat-title" style={styles.title} numberOfLines={1}>
              {title}
            </Text>
            {modelChip}
          </View>
        }
      />
      <KeyboardAvoidingView style={styles.flex} behavior={Platform.OS === 'web' ? undefined : 'padding'}>
        {notFound ? (
          <View style={styles.centered}>
            <Banner>{t('chat.notFound')}</Banner>
          </View>
        ) : rows.length === 0 ? (
          <View style={styles.centered} testID="chat-empty">
            {conversationId && messagesQuery.isPending ? (
              <ActivityIndicator color={palette.accent} />
            ) : (
              <>
                <View style={styles.emptyIcon}>
                  <Ionicons name="sparkles" size={28} color={palette.onAccent} />
                </View>
                <Text style={styles.emptyTitle}>{t('chat.emptyTitle')}</Text>
                <Text style={styles.emptyLead}>{t('chat.emptyLead')}</Text>
              </>
            )}
          </View>
        ) : (
          <FlatList
            testID="message-list"
            inverted
            data={rows}
            keyExtractor={(row) => (row.kind === 'pending' ? 'pending' : row.message.id)}
            renderItem={renderItem}
            contentContainerStyle={styles.listContent}
            keyboardDismissMode="interactive"
            keyboardShouldPersistTaps="handled"
            onEndReachedThreshold={0.3}
            onEndReached={() => {
              if (messagesQuery.hasNextPage && !messagesQuery.isFetchingNextPage) void messagesQuery.fetchNextPage();
            }}
            ListFooterComponent={
              messagesQuery.isFetchingNextPage ? (
                <View style={styles.older} testID="loading-older">
                  <ActivityIndicator color={palette.accent} size="small" />
                  <Text style={styles.olderText}>{t('chat.loadingOlder')}</Text>
                </View>
              ) : null
            }
            initialNumToRender={12}
            windowSize={11}
          />
        )}
        {error ? (
          <View style={styles.error}>
            <Banner testID="chat-error">{error}</Banner>
          </View>
        ) : null}
        {access === 'read' && !notFound ? (
          <View style={[styles.readOnly, { marginBottom: Math.max(insets.bottom, space.sm) + space.xs }]} testID="chat-read-only">
            <Ionicons name="eye-outline" size={16} color={palette.textMuted} />
            <Text style={styles.readOnlyText}>{spaceQuery.data ? t('chat.readOnly', { space: spaceQuery.data.name }) : t('chat.readOnlyNow')}</Text>
          </View>
        ) : null}
        {!notFound && writable ? (
          <Composer
            value={draft}
            onChange={setDraft}
            onSend={send}
            onStop={() => streamingReply && void run(() => streams.stop(streamingReply.id))}
            streaming={streamingReply !== null}
            sending={pendingText !== null}
            editing={editing !== null}
            onCancelEdit={() => {
              setEditing(null);
              setDraft('');
            }}
            modelName={currentModelName}
          />
        ) : null}
      </KeyboardAvoidingView>
    </Screen>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    flex: { flex: 1 },
    headerMiddle: { alignItems: 'center', gap: 2, paddingRight: 30 },
    title: { fontSize: font.body + 1, fontWeight: '700', color: p.text, maxWidth: '100%' },
    modelChip: {
      flexDirection: 'row',
      alignItems: 'center',
      gap: 3,
      backgroundColor: p.accentSoft,
      borderRadius: radius.pill,
      paddingHorizontal: 10,
      paddingVertical: 3,
      maxWidth: 240,
    },
    modelChipText: { fontSize: font.small - 1, fontWeight: '600', color: p.accent },
    listContent: { paddingVertical: space.md },
    centered: { flex: 1, alignItems: 'center', justifyContent: 'center', padding: space.xxl, gap: space.md },
    emptyIcon: { width: 60, height: 60, borderRadius: 20, backgroundColor: p.accent, alignItems: 'center', justifyContent: 'center', marginBottom: space.sm },
    emptyTitle: { fontSize: font.title, fontWeight: '700', color: p.text, textAlign: 'center' },
    emptyLead: { fontSize: font.body, color: p.textMuted, textAlign: 'center', lineHeight: 21, maxWidth: 300 },
    older: { flexDirection: 'row', alignItems: 'center', justifyContent: 'center', gap: space.sm, paddingVertical: space.md },
    olderText: { fontSize: font.small, color: p.textFaint },
    error: { paddingHorizontal: space.md, paddingTop: space.sm },
    readOnly: {
      flexDirection: 'row',
      alignItems: 'center',
      gap: space.sm,
      marginHorizontal: space.md,
      marginTop: space.sm,
      paddingHorizontal: space.md,
      paddingVertical: space.md,
      borderRadius: radius.lg,
      backgroundColor: p.surfaceMuted,
    },
    readOnlyText: { flex: 1, fontSize: font.small, color: p.textMuted, lineHeight: 19 },
  });
