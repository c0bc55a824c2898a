import { AppError, inviteRequestSchema, type SpaceRole } from '@mana/contracts';
import { useEffect, useState } from 'react';
import { Modal, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import type { MessageKey } from '@/i18n/en';
import { useT } from '@/i18n/i18n';
import { font, space, type Palette } from '@/theme/palette';
import { useThemedStyles } from '@/theme/theme';
import { Banner, Button, IconButton, Segmented, TextField } from '@/ui/controls';
import { ScreenHeader } from '@/ui/screen';
import { roleLabel } from './role-badge';
import { assignableRoles, type AssignableRole } from './space-roles';
import { useInvite } from './use-spaces';

const ROLE_HINTS: Record<AssignableRole, MessageKey> = {
  viewer: 'space.roleHintViewer',
  member: 'space.roleHintMember',
  admin: 'space.roleHintAdmin',
};

/**
 * Invite by email with a role. The server answers 202 `pending` for any address (it does not tell
 * whether an account exists); the invitee sees it under Spaces. Stays open to invite more people.
 */
export function InviteForm({ spaceId, actorRole, visible, onClose }: { spaceId: string; actorRole: SpaceRole; visible: boolean; onClose: () => void }) {
  const t = useT();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const invite = useInvite(spaceId);
  const roles = assignableRoles(actorRole);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AssignableRole>('member');
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  useEffect(() => {
    if (!visible) return;
    setEmail('');
    setRole('member');
    setError(null);
    setSentTo(null);
  }, [visible]);

  const submit = () => {
    setError(null);
    setSentTo(null);
    const parsed = inviteRequestSchema.safeParse({ email: email.trim(), role });
    if (!parsed.success) {
      setError(t('space.inviteInvalidEmail'));
      return;
    }
    invite.mutate(parsed.data, {
      onSuccess: () => {
        setSentTo(parsed.data.email);
        setEmail('');
      },
      onError: (failure) => {
        const code = failure instanceof AppError ? failure.code : null;
        setError(
          code === 'CONFLICT'
            ? t('space.inviteConflict')
            : code === 'VALIDATION'
              ? t('space.inviteInvalidEmail')
              : code === 'FORBIDDEN'
                ? t('space.inviteForbidden')
                : t('space.actionFailed', { message: failure instanceof Error ? failure.message : t('common.error') }),
        );
      },
    });
  };

  return (
    <Modal visible={visible} animationType="slide" presentationStyle="pageSheet" onRequestClose={onClose}>
      <View style={[styles.screen, { paddingTop: insets.top }]} testID="invite-form">
        <ScreenHeader
          title={t('space.inviteTitle')}
          actions={<IconButton icon="close" label={t('common.close')} onPress={onClose} tone="muted" testID="invite-close" />}
        />
        <ScrollView contentContainerStyle={styles.form} keyboardShouldPersistTaps="handled">
          {sentTo ? (
            <Banner tone="info" testID="invite-sent">
              {t('space.inviteSent', { email: sentTo })}
            </Banner>
          ) : null}
          {error ? <Banner testID="invite-error">{error}</Banner> : null}
          <TextField
            testID="invite-email"
            label={t('space.inviteEmail')}
            value={email}
            onChangeText={setEmail}
            autoCapitalize="none"
            autoCorrect={false}
            keyboardType="email-address"
            textContentType="emailAddress"
            returnKeyType="send"
            onSubmitEditing={submit}
          />
          <View style={styles.roles}>
            <Text style={styles.label}>{t('space.inviteRole')}</Text>
            <Segmented testID="invite-role" value={role} onChange={setRole} options={roles.map((value) => ({ value, label: roleLabel(t, value) }))} />
            <Text style={styles.hint}>{t(ROLE_HINTS[role])}</Text>
          </View>
          <Button testID="invite-submit" label={t('space.inviteSend')} icon="mail-outline" onPress={submit} busy={invite.isPending} disabled={!email.trim()} />
        </ScrollView>
      </View>
    </Modal>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    screen: { flex: 1, backgroundColor: p.background },
    form: { padding: space.lg, gap: space.md },
    roles: { gap: 6 },
    label: { fontSize: font.small, fontWeight: '600', color: p.textMuted },
    hint: { fontSize: font.small, color: p.textFaint },
  });
