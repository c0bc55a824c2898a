import Ionicons from '@expo/vector-icons/Ionicons';
import { ManaClient } from '@mana/client';
import Constants from 'expo-constants';
import { useRouter } from 'expo-router';
import { useState, type ReactNode } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { backendUrlSchema } from '@/env';
import { useSession } from '@/features/auth/session';
import { useModelNames } from '@/features/models/use-models';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner, Button, Segmented, TextField, type IconName } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { usePreferences } from './preferences';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useThemedStyles(makeStyles);
  return (
    <View style={styles.section}>
      <Text style={styles.sectionTitle}>{title}</Text>
      <View style={styles.card}>{children}</View>
    </View>
  );
}

function LinkRow({ icon, label, value, onPress, testID }: { icon: IconName; label: string; value?: string; onPress: () => void; testID?: string }) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  return (
    <Pressable testID={testID} accessibilityRole="button" onPress={onPress} style={({ pressed }) => [styles.linkRow, pressed && { opacity: 0.7 }]}>
      <Ionicons name={icon} size={19} color={palette.accent} />
      <Text style={styles.linkLabel}>{label}</Text>
      {value ? (
        <Text style={styles.linkValue} numberOfLines={1}>
          {value}
        </Text>
      ) : null}
      <Ionicons name="chevron-forward" size={17} color={palette.textFaint} />
    </Pressable>
  );
}

type ServerCheck = { tone: 'info' | 'danger'; text: string } | null;

export default function SettingsScreen() {
  const t = useT();
  const router = useRouter();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const { session, signOut, fetch } = useSession();
  const { preferences, updatePreferences } = usePreferences();
  const [serverUrl, setServerUrl] = useState(preferences.backendUrl);
  const [serverError, setServerError] = useState<string | null>(null);
  const [serverCheck, setServerCheck] = useState<ServerCheck>(null);
  const [checking, setChecking] = useState(false);
  const signedIn = session.status === 'signedIn';

  const saveServer = async () => {
    const parsed = backendUrlSchema.safeParse(serverUrl);
    if (!parsed.success) {
      setServerError(t('settings.serverInvalid'));
      return;
    }
    setServerError(null);
    setServerUrl(parsed.data);
    updatePreferences({ backendUrl: parsed.data });
    setChecking(true);
    try {
      await new ManaClient({ baseUrl: parsed.data, fetch }).health();
      setServerCheck({ tone: 'info', text: `${t('settings.serverSaved', { url: parsed.data })} ${t('settings.serverReachable')}` });
    } catch {
      setServerCheck({ tone: 'danger', text: t('settings.serverUnreachable') });
    } finally {
      setChecking(false);
    }
  };

  return (
    <Screen testID="settings-screen">
      <ScreenHeader title={t('settings.title')} onBack={() => (router.canGoBack() ? router.back() : router.replace('/'))} />
      <ScrollView contentContainerStyle={[styles.content, { paddingBottom: insets.bottom + space.xxl }]} keyboardShouldPersistTaps="handled">
        {session.status === 'signedIn' ? (
          <Section title={t('settings.account')}>
            <View style={styles.account}>
              <View style={styles.avatar}>
                <Text style={styles.avatarText}>{session.user.name.slice(0, 1).toUpperCase()}</Text>
              </View>
              <View style={{ flex: 1 }}>
                <Text style={styles.accountName}>{session.user.name}</Text>
                <Text style={styles.accountEmail} testID="settings-email">
                  {session.user.email}
                </Text>
              </View>
            </View>
            <Button testID="sign-out" label={t('auth.signOut')} icon="log-out-outline" variant="secondary" onPress={() => void signOut().then(() => router.replace('/sign-in'))} />
          </Section>
        ) : null}

        <Section title={t('settings.server')}>
          <TextField
            testID="settings-backend-url"
            value={serverUrl}
            onChangeText={setServerUrl}
            autoCapitalize="none"
            autoCorrect={false}
            keyboardType="url"
            hint={t('settings.serverHint')}
            error={serverError}
            accessibilityLabel={t('settings.server')}
            onSubmitEditing={saveServer}
          />
          {serverCheck ? (
            <Banner tone={serverCheck.tone} testID="settings-server-status">
              {serverCheck.text}
            </Banner>
          ) : null}
          <Button testID="settings-backend-save" label={t('settings.serverCheck')} onPress={saveServer} busy={checking} variant="secondary" />
        </Section>

        <Section title={t('settings.appearance')}>
          <Text style={styles.label}>{t('settings.theme')}</Text>
          <Segmented
            testID="settings-theme"
            value={preferences.theme}
            onChange={(theme) => updatePreferences({ theme })}
            options={[
              { value: 'system', label: t('settings.themeSystem') },
              { value: 'light', label: t('settings.themeLight') },
              { value: 'dark', label: t('settings.themeDark') },
            ]}
          />
          <Text style={styles.label}>{t('settings.language')}</Text>
          <Segmented
            testID="settings-language"
            value={preferences.language}
            onChange={(language) => updatePreferences({ language })}
            options={[
              { value: 'system', label: t('settings.languageSystem') },
              { value: 'en', label: t('settings.english') },
              { value: 'de', label: t('settings.german') },
            ]}
          />
        </Section>

        {signedIn ? <MoreSection /> : null}

        <Text style={styles.version}>{t('settings.version', { version: Constants.expoConfig?.version ?? '0.1.0' })}</Text>
      </ScrollView>
    </Screen>
  );
}

/** Only for a signed-in account: these rows need the API. */
function MoreSection() {
  const t = useT();
  const router = useRouter();
  const modelName = useModelNames();
  const { preferences } = usePreferences();
  return (
    <Section title={t('settings.more')}>
      <LinkRow
        testID="settings-default-model"
        icon="hardware-chip-outline"
        label={t('settings.defaultModel')}
        value={preferences.defaultModelId ? modelName(preferences.defaultModelId) : undefined}
        onPress={() => router.push('/models')}
      />
      <LinkRow testID="settings-spaces" icon="people-outline" label={t('spaces.title')} onPress={() => router.push('/spaces')} />
      <LinkRow testID="settings-templates" icon="albums-outline" label={t('templates.title')} onPress={() => router.push('/templates')} />
      <LinkRow testID="settings-usage" icon="stats-chart-outline" label={t('usage.title')} onPress={() => router.push('/usage')} />
    </Section>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    content: { padding: space.lg, gap: space.xl, maxWidth: 640, width: '100%', alignSelf: 'center' },
    section: { gap: space.sm },
    sectionTitle: { fontSize: font.small - 1, fontWeight: '700', color: p.textFaint, textTransform: 'uppercase', letterSpacing: 0.8, paddingHorizontal: space.xs },
    card: { backgroundColor: p.surface, borderRadius: radius.lg, padding: space.lg, gap: space.md, borderWidth: StyleSheet.hairlineWidth, borderColor: p.border },
    account: { flexDirection: 'row', alignItems: 'center', gap: space.md },
    avatar: { width: 44, height: 44, borderRadius: 22, backgroundColor: p.accent, alignItems: 'center', justifyContent: 'center' },
    avatarText: { color: p.onAccent, fontSize: font.large, fontWeight: '700' },
    accountName: { fontSize: font.body + 1, fontWeight: '700', color: p.text },
    accountEmail: { fontSize: font.small, color: p.textMuted },
    label: { fontSize: font.small, fontWeight: '600', color: p.textMuted },
    linkRow: { flexDirection: 'row', alignItems: 'center', gap: space.md, paddingVertical: space.xs },
    linkLabel: { fontSize: font.body, color: p.text, flex: 1 },
    linkValue: { fontSize: font.small, color: p.textMuted, maxWidth: 140 },
    version: { textAlign: 'center', fontSize: font.small - 1, color: p.textFaint },
  });
