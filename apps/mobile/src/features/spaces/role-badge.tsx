import type { SpaceRole } from '@mana/contracts';
import { StyleSheet, Text } from 'react-native';
import type { MessageKey } from '@/i18n/en';
import { useT, type Translate } from '@/i18n/i18n';
import { font, radius, type Palette } from '@/theme/palette';
import { useThemedStyles } from '@/theme/theme';

const ROLE_KEYS: Record<SpaceRole, MessageKey> = { owner: 'role.owner', admin: 'role.admin', member: 'role.member', viewer: 'role.viewer' };

export const roleLabel = (t: Translate, role: SpaceRole) => t(ROLE_KEYS[role]);

export const memberCountLabel = (t: Translate, count: number) =>
  count === 1 ? t('spaces.memberCountOne') : t('spaces.memberCount', { count });

/** A small pill naming a role; owners and admins stand out. */
export function RoleBadge({ role, testID }: { role: SpaceRole; testID?: string }) {
  const t = useT();
  const styles = useThemedStyles(makeStyles);
  const strong = role === 'owner' || role === 'admin';
  return (
    <Text testID={testID} style={[styles.badge, strong ? styles.strong : styles.plain]} numberOfLines={1}>
      {roleLabel(t, role)}
    </Text>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    badge: { fontSize: font.small - 1, fontWeight: '600', paddingHorizontal: 8, paddingVertical: 2, borderRadius: radius.pill, overflow: 'hidden' },
    strong: { backgroundColor: p.accentSoft, color: p.accent },
    plain: { backgroundColor: p.surfaceMuted, color: p.textMuted },
  });
