import Ionicons from '@expo/vector-icons/Ionicons';
import type { Conversation } from '@mana/contracts';
import { useRouter } from 'expo-router';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ActivityIndicator, Pressable, RefreshControl, SectionList, StyleSheet, Text, TextInput, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useModelNames } from '@/features/models/use-models';
import { useInvitations } from '@/features/spaces/use-spaces';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner, IconButton, Segmented } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { SwipeRow } from '@/ui/swipe-row';
import { ConversationActions } from './conversation-actions';
import { ConversationRow } from './conversation-row';
import { ListEmptyState, NewChatButton, RowSeparator } from './list-parts';
import { parseSnippet, type SnippetPart } from './snippet';
import { flattenConversations, useConversationList, useSearch, useUpdateConversation } from './use-conversations';

type Tab = 'active' | 'archived';
interface Section {
  key: string;
  title: string;
  data: { conversation: Conversation; snippet?: SnippetPart[] }[];
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export default function ConversationListScreen() {
  const t = useT();
  const router = useRouter();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const modelName = useModelNames();
  const [tab, setTab] = useState<Tab>('active');
  const [query, setQuery] = useState('');
  const searchQuery = useDebounced(query.trim(), 250);
  const searching = query.trim().length > 0;
  const [actionsFor, setActionsFor] = useState<Conversation | null>(null);

  const list = useConversationList(tab === 'archived');
  const search = useSearch(searchQuery);
  const update = useUpdateConversation();
  const invitations = useInvitations();
  const waiting = invitations.data?.length ?? 0;

  const sections = useMemo<Section[]>(() => {
    if (searching) {
      const hits = search.data?.items ?? [];
      return hits.length ? [{ key: 'results', title: '', data: hits.map((hit) => ({ conversation: hit.conversation, snippet: parseSnippet(hit.snippets[0]?.text ?? '') })) }] : [];
    }
    const conversations = flattenConversations(list.data);
    if (tab === 'archived') return conversations.length ? [{ key: 'archived', title: '', data: conversations.map((conversation) => ({ conversation })) }] : [];
    const pinned = conversations.filter((c) => c.isPinned);
    const recent = conversations.filter((c) => !c.isPinned);
    return [
      ...(pinned.length ? [{ key: 'pinned', title: t('list.pinned'), data: pinned.map((conversation) => ({ conversation })) }] : []),
      ...(recent.length ? [{ key: 'recent', title: pinned.length ? t('list.recent') : '', data: recent.map((conversation) => ({ conversation })) }] : []),
    ];
  }, [searching, search.data, list.data, tab, t]);

  const open = useCallback((conversation: Conversation) => router.push(`/chat/${conversation.id}`), [router]);
  const showActions = useCallback((conversation: Conversation) => setActionsFor(conversation), []);

  const loading = searching ? search.isPending && !search.data : list.isPending;
  const failed = searching ? search.isError : list.isError;
  const empty = !loading && !failed && sections.length === 0;

  return (
    <Screen testID="conversation-list-screen">
      <ScreenHeader
        title={t('list.title')}
        large
        actions={
          <>
            <View>
              <IconButton
                testID="open-spaces"
                icon="people-outline"
                label={waiting > 0 ? t('list.invitationsWaiting', { count: waiting }) : t('list.spaces')}
                onPress={() => router.push('/spaces')}
              />
              {waiting > 0 ? <View pointerEvents="none" style={styles.badge} testID="spaces-invitation-badge" /> : null}
            </View>
            <IconButton testID="open-templates" icon="albums-outline" label={t('templates.title')} onPress={() => router.push('/templates')} />
            <IconButton testID="open-settings" icon="settings-outline" label={t('settings.title')} onPress={() => router.push('/settings')} />
          </>
        }
      />
      <View style={styles.tools}>
        <View style={styles.search}>
          <Ionicons name="search" size={17} color={palette.textFaint} />
          <TextInput
            testID="conversation-search"
            value={query}
            onChangeText={setQuery}
            placeholder={t('list.searchPlaceholder')}
            placeholderTextColor={palette.textFaint}
            style={styles.searchInput}
            autoCapitalize="none"
            autoCorrect={false}
            returnKeyType="search"
            accessibilityLabel={t('list.searchPlaceholder')}
          />
          {query ? (
            <Pressable testID="conversation-search-clear" onPress={() => setQuery('')} accessibilityLabel={t('list.clearSearch')} hitSlop={8}>
              <Ionicons name="close-circle" size={18} color={palette.textFaint} />
            </Pressable>
          ) : null}
        </View>
        {!searching ? (
          <Segmented
            testID="conversation-tabs"
            value={tab}
            onChange={setTab}
            options={[
              { value: 'active', label: t('list.active') },
              { value: 'archived', label: t('list.archived') },
            ]}
          />
        ) : null}
      </View>

      {failed ? (
        <View style={styles.banner}>
          <Banner>{t('list.loadError')}</Banner>
        </View>
      ) : null}

      <SectionList
        testID="conversation-list"
        sections={sections}
        keyExtractor={(item) => item.conversation.id}
        stickySectionHeadersEnabled={false}
        contentContainerStyle={{ paddingBottom: insets.bottom + 96 }}
        renderSectionHeader={({ section }) => (section.title ? <Text style={styles.sectionTitle}>{section.title}</Text> : null)}
        renderItem={({ item }) => (
          <SwipeRow
            testID={`conversation-row-${item.conversation.id}`}
            actions={[
              {
                key: 'pin',
                label: item.conversation.isPinned ? t('list.unpin') : t('list.pin'),
                icon: item.conversation.isPinned ? 'pin-outline' : 'pin',
                color: palette.accent,
                onPress: () => update.mutate({ id: item.conversation.id, patch: { isPinned: !item.conversation.isPinned } }),
              },
              {
                key: 'archive',
                label: item.conversation.isArchived ? t('list.unarchive') : t('list.archive'),
                icon: item.conversation.isArchived ? 'arrow-undo' : 'archive',
                color: palette.warning,
                onPress: () => update.mutate({ id: item.conversation.id, patch: { isArchived: !item.conversation.isArchived } }),
              },
            ]}
          >
            <ConversationRow
              conversation={item.conversation}
              modelName={modelName(item.conversation.modelId)}
              snippet={item.snippet}
              onOpen={open}
              onActions={showActions}
            />
          </SwipeRow>
        )}
        ItemSeparatorComponent={RowSeparator}
        onEndReachedThreshold={0.4}
        onEndReached={() => {
          if (!searching && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
        }}
        refreshControl={
          <RefreshControl
            refreshing={searching ? search.isRefetching : list.isRefetching && !list.isFetchingNextPage}
            onRefresh={() => void (searching ? search.refetch() : list.refetch())}
            tintColor={palette.accent}
          />
        }
        ListEmptyComponent={
          loading ? (
            <ActivityIndicator style={styles.loading} color={palette.accent} />
          ) : empty ? (
            <ListEmptyState
              testID="conversation-list-empty"
              icon={searching ? 'search-outline' : tab === 'archived' ? 'archive-outline' : 'chatbubbles-outline'}
              text={searching ? t('list.noResults', { query: query.trim() }) : tab === 'archived' ? t('list.emptyArchived') : t('list.empty')}
            />
          ) : null
        }
        ListFooterComponent={list.isFetchingNextPage ? <ActivityIndicator style={styles.loading} color={palette.accent} /> : null}
      />

      <NewChatButton testID="new-chat" label={t('list.newChat')} onPress={() => router.push('/chat/new')} />

      <ConversationActions conversation={actionsFor} onClose={() => setActionsFor(null)} />
    </Screen>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    tools: { paddingHorizontal: space.lg, paddingBottom: space.sm, gap: space.md },
    search: {
      flexDirection: 'row',
      alignItems: 'center',
      gap: space.sm,
      backgroundColor: p.surfaceMuted,
      borderRadius: radius.md,
      paddingHorizontal: space.md,
      height: 42,
    },
    searchInput: { flex: 1, fontSize: font.body, color: p.text, paddingVertical: 0, height: 42 },
    banner: { paddingHorizontal: space.lg, paddingBottom: space.sm },
    sectionTitle: {
      fontSize: font.small - 1,
      fontWeight: '700',
      color: p.textFaint,
      textTransform: 'uppercase',
      letterSpacing: 0.8,
      paddingHorizontal: space.lg,
      paddingTop: space.lg,
      paddingBottom: space.xs,
    },
    loading: { marginTop: space.xl },
    badge: { position: 'absolute', top: 7, right: 7, width: 9, height: 9, borderRadius: 5, backgroundColor: p.danger, borderWidth: 1.5, borderColor: p.background },
  });
