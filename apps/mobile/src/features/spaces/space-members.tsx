import Ionicons from '@expo/vector-icons/Ionicons';
import { AppError, type SpaceMember, type SpaceRole } from '@mana/contracts';
import { useState } from 'react';
import { ActivityIndicator, FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useSession } from '@/features/auth/session';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner, Button } from '@/ui/controls';
import { ActionSheet, Dialog, type SheetAction } from '@/ui/sheet';
import { InviteForm } from './invite-form';
import { RoleBadge, roleLabel } from './role-badge';
import { assignableRoles, canChangeMember, canManageMembers } from './space-roles';
import { useChangeRole, useMembers, useRemoveMember } from './use-spaces';

/** Members with their roles; admins and the owner invite, change roles and remove (by the server's rules). */
export function SpaceMembers({ spaceId, role }: { spaceId: string; role: SpaceRole }) {
  const t = useT();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const { session } = useSession();
  const myId = session.status === 'signedIn' ? session.user.id : null;
  const members = useMembers(spaceId);
  const changeRole = useChangeRole(spaceId);
  const remove = useRemoveMember(spaceId);
  const [inviting, setInviting] = useState(false);
  const [menuFor, setMenuFor] = useState<SpaceMember | null>(null);
  const [removing, setRemoving] = useState<SpaceMember | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = (failure: unknown) => setError(t('space.actionFailed', { message: failure instanceof AppError ? failure.message : t('common.error') }));

  const actionsFor = (member: SpaceMember): SheetAction[] => {
    if (member.userId === myId) return [];
    const roles = assignableRoles(role).filter((next) => next !== member.role && canChangeMember(role, member.role, next));
    const actions: SheetAction[] = roles.map((next) => ({
      key: `role-${next}`,
      label: t('space.makeRole', { role: roleLabel(t, next) }),
      icon: next === 'admin' ? 'shield-checkmark-outline' : next === 'viewer' ? 'eye-outline' : 'person-outline',
      onPress: () => {
        setError(null);
        changeRole.mutate({ userId: member.userId, role: next }, { onError: fail });
      },
    }));
    if (canChangeMember(role, member.role, null)) {
      actions.push({ key: 'remove', label: t('space.removeMember'), icon: 'person-remove-outline', destructive: true, onPress: () => setRemoving(member) });
    }
    return actions;
  };

  const visible = (members.data ?? []).filter((m) => m.status !== 'declined');

  return (
    <>
      <FlatList
        testID="member-list"
        data={visible}
        keyExtractor={(member) => member.userId}
        contentContainerStyle={{ paddingHorizontal: space.lg, paddingBottom: insets.bottom + space.xl, gap: space.sm }}
        ListHeaderComponent={
          <View style={styles.header}>
            {error ? <Banner testID="member-error">{error}</Banner> : null}
            {members.isError ? <Banner>{t('space.membersLoadError')}</Banner> : null}
            {canManageMembers(role) ? (
              <Button testID="space-invite" label={t('space.invite')} icon="person-add-outline" variant="secondary" onPress={() => setInviting(true)} />
            ) : null}
          </View>
        }
        renderItem={({ item }) => {
          const actions = actionsFor(item);
          return (
            <View style={styles.row} testID={`member-${item.userId}`}>
              <View style={styles.avatar}>
                <Text style={styles.avatarText}>{(item.name || item.email).trim().charAt(0).toUpperCase()}</Text>
              </View>
              <View style={styles.body}>
                <Text style={styles.name} numberOfLines={1}>
                  {item.name}
                  {item.userId === myId ? <Text style={styles.you}>{` (${t('space.you')})`}</Text> : null}
                </Text>
                <Text style={styles.email} numberOfLines={1}>
                  {item.email}
                </Text>
              </View>
              {item.status === 'pending' ? (
                <Text style={styles.pending} testID={`member-pending-${item.userId}`}>
                  {t('space.invited')}
                </Text>
              ) : null}
              <RoleBadge role={item.role} testID={`member-role-${item.userId}`} />
              {actions.length > 0 ? (
                <Pressable
                  testID={`member-actions-${item.userId}`}
                  accessibilityRole="button"
                  accessibilityLabel={t('space.memberActions', { name: item.name })}
                  onPress={() => setMenuFor(item)}
                  hitSlop={10}
                >
                  <Ionicons name="ellipsis-horizontal" size={18} color={palette.textFaint} />
                </Pressable>
              ) : null}
            </View>
          );
        }}
        ListEmptyComponent={members.isPending ? <ActivityIndicator color={palette.accent} style={{ marginTop: space.xl }} /> : null}
      />
      <ActionSheet
        visible={menuFor !== null}
        title={menuFor ? t('space.memberActions', { name: menuFor.name }) : ''}
        actions={menuFor ? actionsFor(menuFor) : []}
        onClose={() => setMenuFor(null)}
      />
      <Dialog
        testID="member-remove-dialog"
        visible={removing !== null}
        title={t('space.removeTitle', { name: removing?.name ?? '' })}
        body={t('space.removeBody', { name: removing?.name ?? '' })}
        confirmLabel={t('space.removeMember')}
        destructive
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) {
            setError(null);
            remove.mutate(removing.userId, { onError: fail });
          }
          setRemoving(null);
        }}
      />
      {canManageMembers(role) ? <InviteForm spaceId={spaceId} actorRole={role} visible={inviting} onClose={() => setInviting(false)} /> : null}
    </>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    header: { gap: space.md, paddingBottom: space.xs },
    row: {
      flexDirection: 'row',
      alignItems: 'center',
      gap: space.sm,
      backgroundColor: p.surface,
      borderRadius: radius.lg,
      borderWidth: 1,
      borderColor: p.border,
      paddingVertical: space.sm,
      paddingHorizontal: space.md,
    },
    avatar: { width: 34, height: 34, borderRadius: 17, backgroundColor: p.accentSoft, alignItems: 'center', justifyContent: 'center' },
    avatarText: { color: p.accent, fontWeight: '700', fontSize: font.body },
    body: { flex: 1, minWidth: 0, gap: 1 },
    name: { fontSize: font.body, fontWeight: '600', color: p.text },
    you: { fontWeight: '400', color: p.textMuted },
    email: { fontSize: font.small, color: p.textMuted },
    pending: { fontSize: font.small - 1, color: p.warning, fontWeight: '600' },
  });
