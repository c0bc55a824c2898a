import { AppError, type Conversation } from '@mana/contracts';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useCallback, useState } from 'react';
import { ActivityIndicator, FlatList, RefreshControl, StyleSheet, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { ConversationActions } from '@/features/conversations/conversation-actions';
import { ConversationRow } from '@/features/conversations/conversation-row';
import { ListEmptyState, NewChatButton, RowSeparator } from '@/features/conversations/list-parts';
import { flattenConversations, useConversationList } from '@/features/conversations/use-conversations';
import { useModelNames } from '@/features/models/use-models';
import { useT } from '@/i18n/i18n';
import { space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner, IconButton, Segmented } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { ActionSheet, Dialog, type SheetAction } from '@/ui/sheet';
import { memberCountLabel, roleLabel } from './role-badge';
import { SpaceMembers } from './space-members';
import { canDeleteSpace, canLeave, canManageMembers, canWrite } from './space-roles';
import { useDeleteSpace, useLeaveSpace, useSpace, useUpdateSpace } from './use-spaces';

type Tab = 'chats' | 'members';
type Step = 'menu' | 'rename' | 'leave' | 'delete' | null;

/** One space: its conversations (start one here), its members, and leave / delete. */
export default function SpaceScreen() {
  const params = useLocalSearchParams<{ id: string }>();
  const spaceId = params.id;
  const t = useT();
  const router = useRouter();
  const spaceQuery = useSpace(spaceId);
  const role = spaceQuery.data?.role ?? null;
  const [tab, setTab] = useState<Tab>('chats');
  const [step, setStep] = useState<Step>(null);
  const [error, setError] = useState<string | null>(null);
  const update = useUpdateSpace(spaceId);
  const leave = useLeaveSpace();
  const remove = useDeleteSpace();

  const goBack = () => (router.canGoBack() ? router.back() : router.replace('/spaces'));
  const fail = (failure: unknown) => setError(t('space.actionFailed', { message: failure instanceof AppError ? failure.message : t('common.error') }));
  const notFound = spaceQuery.error instanceof AppError && spaceQuery.error.code === 'NOT_FOUND';

  const actions: SheetAction[] = role
    ? [
        ...(canManageMembers(role) ? [{ key: 'rename', label: t('space.rename'), icon: 'create-outline' as const, onPress: () => setStep('rename') }] : []),
        ...(canLeave(role) ? [{ key: 'leave', label: t('space.leave'), icon: 'exit-outline' as const, destructive: true, onPress: () => setStep('leave') }] : []),
        ...(canDeleteSpace(role) ? [{ key: 'delete', label: t('space.delete'), icon: 'trash-outline' as const, destructive: true, onPress: () => setStep('delete') }] : []),
      ]
    : [];

  return (
    <Screen testID="space-screen">
      <ScreenHeader
        title={spaceQuery.data?.name ?? ''}
        subtitle={spaceQuery.data ? t('space.subtitle', { role: roleLabel(t, spaceQuery.data.role), members: memberCountLabel(t, spaceQuery.data.memberCount) }) : undefined}
        onBack={goBack}
        actions={
          actions.length > 0 ? <IconButton testID="space-menu" icon="ellipsis-horizontal-circle-outline" label={t('space.actions')} onPress={() => setStep('menu')} /> : undefined
        }
      />
      {notFound ? (
        <View style={{ padding: space.lg }}>
          <Banner testID="space-not-found">{t('space.notFound')}</Banner>
        </View>
      ) : !spaceQuery.data || !role ? (
        <ActivityIndicator style={{ marginTop: space.xl }} />
      ) : (
        <>
          <View style={{ paddingHorizontal: space.lg, paddingBottom: space.sm, gap: space.sm }}>
            <Segmented
              testID="space-tabs"
              value={tab}
              onChange={setTab}
              options={[
                { value: 'chats', label: t('space.chats') },
                { value: 'members', label: t('space.members') },
              ]}
            />
            {error ? <Banner testID="space-error">{error}</Banner> : null}
          </View>
          {tab === 'chats' ? <SpaceConversations spaceId={spaceId} writable={canWrite(role)} /> : <SpaceMembers spaceId={spaceId} role={role} />}
        </>
      )}

      <ActionSheet visible={step === 'menu'} title={spaceQuery.data?.name ?? ''} actions={actions} onClose={() => setStep((current) => (current === 'menu' ? null : current))} />
      <Dialog
        testID="space-rename-dialog"
        visible={step === 'rename'}
        title={t('space.renameTitle')}
        confirmLabel={t('common.save')}
        input={{ initial: spaceQuery.data?.name ?? '', label: t('spaces.name') }}
        onClose={() => setStep(null)}
        onConfirm={(name) => {
          setStep(null);
          setError(null);
          update.mutate({ name }, { onError: fail });
        }}
      />
      <Dialog
        testID="space-leave-dialog"
        visible={step === 'leave'}
        title={t('space.leaveTitle')}
        body={t('space.leaveBody', { name: spaceQuery.data?.name ?? '' })}
        confirmLabel={t('space.leave')}
        destructive
        onClose={() => setStep(null)}
        onConfirm={() => {
          setStep(null);
          setError(null);
          leave.mutate(spaceId, { onSuccess: goBack, onError: fail });
        }}
      />
      <Dialog
        testID="space-delete-dialog"
        visible={step === 'delete'}
        title={t('space.deleteTitle')}
        body={t('space.deleteBody', { name: spaceQuery.data?.name ?? '' })}
        confirmLabel={t('space.delete')}
        destructive
        onClose={() => setStep(null)}
        onConfirm={() => {
          setStep(null);
          setError(null);
          remove.mutate(spaceId, { onSuccess: goBack, onError: fail });
        }}
      />
    </Screen>
  );
}

/** Every member's conversations in the space; writers start new ones here, viewers only read. */
function SpaceConversations({ spaceId, writable }: { spaceId: string; writable: boolean }) {
  const t = useT();
  const router = useRouter();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const modelName = useModelNames();
  const list = useConversationList(false, spaceId);
  const conversations = flattenConversations(list.data);
  const [actionsFor, setActionsFor] = useState<Conversation | null>(null);
  const open = useCallback((conversation: Conversation) => router.push(`/chat/${conversation.id}`), [router]);
  const showActions = useCallback((conversation: Conversation) => setActionsFor(conversation), []);

  return (
    <View style={styles.flex}>
      {!writable ? (
        <View style={styles.notice}>
          <Banner tone="info" testID="space-read-only">
            {t('space.readOnly')}
          </Banner>
        </View>
      ) : null}
      <FlatList
        testID="space-conversation-list"
        data={conversations}
        keyExtractor={(conversation) => conversation.id}
        contentContainerStyle={{ paddingBottom: insets.bottom + 96 }}
        renderItem={({ item }) => (
          <ConversationRow conversation={item} modelName={modelName(item.modelId)} onOpen={open} onActions={writable ? showActions : undefined} />
        )}
        ItemSeparatorComponent={RowSeparator}
        onEndReachedThreshold={0.4}
        onEndReached={() => {
          if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
        }}
        refreshControl={<RefreshControl refreshing={list.isRefetching && !list.isFetchingNextPage} onRefresh={() => void list.refetch()} tintColor={palette.accent} />}
        ListEmptyComponent={
          list.isPending ? (
            <ActivityIndicator color={palette.accent} style={{ marginTop: space.xl }} />
          ) : list.isError ? (
            <View style={styles.notice}>
              <Banner>{t('list.loadError')}</Banner>
            </View>
          ) : (
            <ListEmptyState icon="chatbubbles-outline" text={t('space.emptyChats')} testID="space-conversations-empty" />
          )
        }
      />
      {writable ? (
        <NewChatButton testID="space-new-chat" label={t('space.newChat')} onPress={() => router.push({ pathname: '/chat/[id]', params: { id: 'new', spaceId } })} />
      ) : null}
      {writable ? <ConversationActions conversation={actionsFor} onClose={() => setActionsFor(null)} /> : null}
    </View>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    flex: { flex: 1 },
    notice: { paddingHorizontal: space.lg, paddingBottom: space.sm },
  });
