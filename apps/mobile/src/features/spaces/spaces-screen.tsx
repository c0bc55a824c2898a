import Ionicons from '@expo/vector-icons/Ionicons';
import { AppError, type Space, type SpaceInvitation } from '@mana/contracts';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { ActivityIndicator, FlatList, Pressable, RefreshControl, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner, Button, IconButton } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { Dialog } from '@/ui/sheet';
import { memberCountLabel, RoleBadge, roleLabel } from './role-badge';
import { useCreateSpace, useInvitations, useRespondToInvitation, useSpaces } from './use-spaces';

const errorText = (error: unknown, fallback: string) => (error instanceof AppError ? error.message : fallback);

/** My spaces (role, member count), invitations to answer, and a new space. */
export default function SpacesScreen() {
  const t = useT();
  const router = useRouter();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const spaces = useSpaces();
  const invitations = useInvitations();
  const create = useCreateSpace();
  const respond = useRespondToInvitation();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = (space: Space) => router.push({ pathname: '/spaces/[id]', params: { id: space.id } });

  const answer = (invitation: SpaceInvitation, accept: boolean) => {
    setError(null);
    respond.mutate(
      { spaceId: invitation.spaceId, accept },
      { onError: (failure) => setError(t('spaces.respondFailed', { message: errorText(failure, t('common.error')) })) },
    );
  };

  const pending = invitations.data ?? [];
  const header = (
    <View style={styles.header}>
      <Text style={styles.lead}>{t('spaces.lead')}</Text>
      {error ? <Banner testID="spaces-error">{error}</Banner> : null}
      {spaces.isError ? <Banner>{t('spaces.loadError')}</Banner> : null}
      {pending.length > 0 ? (
        <View style={styles.invitations} testID="space-invitations">
          <Text style={styles.sectionTitle}>{t('spaces.invitations')}</Text>
          {pending.map((invitation) => {
            const busy = respond.isPending && respond.variables?.spaceId === invitation.spaceId;
            return (
              <View key={invitation.spaceId} style={styles.invitation} testID={`invitation-${invitation.spaceId}`}>
                <View style={styles.invitationText}>
                  <Text style={styles.name} numberOfLines={1}>
                    {invitation.spaceName}
                  </Text>
                  <Text style={styles.meta}>{t('spaces.invitedAs', { role: roleLabel(t, invitation.role) })}</Text>
                </View>
                <View style={styles.invitationActions}>
                  <Button
                    testID={`invitation-decline-${invitation.spaceId}`}
                    label={t('spaces.decline')}
                    variant="ghost"
                    disabled={busy}
                    onPress={() => answer(invitation, false)}
                  />
                  <Button
                    testID={`invitation-accept-${invitation.spaceId}`}
                    label={t('spaces.accept')}
                    busy={busy && respond.variables?.accept === true}
                    disabled={busy}
                    onPress={() => answer(invitation, true)}
                  />
                </View>
              </View>
            );
          })}
        </View>
      ) : null}
      {(spaces.data?.length ?? 0) > 0 ? <Text style={styles.sectionTitle}>{t('spaces.mine')}</Text> : null}
    </View>
  );

  return (
    <Screen testID="spaces-screen">
      <ScreenHeader
        title={t('spaces.title')}
        onBack={() => (router.canGoBack() ? router.back() : router.replace('/'))}
        actions={<IconButton testID="space-new" icon="add" label={t('spaces.new')} onPress={() => setCreating(true)} />}
      />
      <FlatList
        testID="space-list"
        data={spaces.data ?? []}
        keyExtractor={(item) => item.id}
        ListHeaderComponent={header}
        contentContainerStyle={{ paddingHorizontal: space.lg, paddingBottom: insets.bottom + space.xl, gap: space.sm }}
        renderItem={({ item }) => (
          <Pressable
            testID={`space-${item.id}`}
            accessibilityRole="button"
            onPress={() => open(item)}
            style={({ pressed }) => [styles.row, pressed && { backgroundColor: palette.surfaceMuted }]}
          >
            <View style={styles.avatar}>
              <Text style={styles.avatarText}>{item.name.trim().charAt(0).toUpperCase() || '·'}</Text>
            </View>
            <View style={styles.rowBody}>
              <Text style={styles.name} numberOfLines={1}>
                {item.name}
              </Text>
              <Text style={styles.meta} testID={`space-members-count-${item.id}`}>
                {memberCountLabel(t, item.memberCount)}
              </Text>
            </View>
            <RoleBadge role={item.role} testID={`space-role-${item.id}`} />
            <Ionicons name="chevron-forward" size={18} color={palette.textFaint} />
          </Pressable>
        )}
        refreshControl={
          <RefreshControl
            refreshing={spaces.isRefetching}
            onRefresh={() => void Promise.all([spaces.refetch(), invitations.refetch()])}
            tintColor={palette.accent}
          />
        }
        ListEmptyComponent={
          spaces.isPending ? (
            <ActivityIndicator color={palette.accent} style={{ marginTop: space.xl }} />
          ) : spaces.isError ? null : (
            <View style={styles.empty} testID="spaces-empty">
              <Ionicons name="people-outline" size={40} color={palette.textFaint} />
              <Text style={styles.emptyText}>{t('spaces.empty')}</Text>
              <Button label={t('spaces.new')} icon="add" variant="secondary" onPress={() => setCreating(true)} />
            </View>
          )
        }
      />
      <Dialog
        testID="space-create-dialog"
        visible={creating}
        title={t('spaces.createTitle')}
        confirmLabel={t('spaces.create')}
        input={{ initial: '', label: t('spaces.name') }}
        onClose={() => setCreating(false)}
        onConfirm={(name) => {
          setCreating(false);
          setError(null);
          create.mutate({ name }, { onError: (failure) => setError(t('spaces.createFailed', { message: errorText(failure, t('common.error')) })) });
        }}
      />
    </Screen>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    header: { gap: space.md, paddingBottom: space.xs },
    lead: { fontSize: font.small + 1, color: p.textMuted, lineHeight: 20 },
    sectionTitle: { fontSize: font.small, fontWeight: '700', color: p.textMuted, textTransform: 'uppercase', letterSpacing: 0.5, marginTop: space.sm },
    invitations: { gap: space.sm },
    invitation: { backgroundColor: p.accentSoft, borderRadius: radius.lg, padding: space.md, gap: space.sm },
    invitationText: { gap: 2 },
    invitationActions: { flexDirection: 'row', justifyContent: 'flex-end', gap: space.sm },
    row: {
      flexDirection: 'row',
      alignItems: 'center',
      gap: space.md,
      backgroundColor: p.surface,
      borderRadius: radius.lg,
      borderWidth: 1,
      borderColor: p.border,
      padding: space.md,
    },
    avatar: { width: 40, height: 40, borderRadius: radius.md, backgroundColor: p.accent, alignItems: 'center', justifyContent: 'center' },
    avatarText: { color: p.onAccent, fontSize: font.large, fontWeight: '700' },
    rowBody: { flex: 1, minWidth: 0, gap: 2 },
    name: { fontSize: font.body + 1, fontWeight: '600', color: p.text },
    meta: { fontSize: font.small, color: p.textMuted },
    empty: { alignItems: 'center', gap: space.md, paddingTop: 48, paddingHorizontal: space.xl },
    emptyText: { fontSize: font.body, color: p.textMuted, textAlign: 'center', lineHeight: 21 },
  });
