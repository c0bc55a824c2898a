import Ionicons from '@expo/vector-icons/Ionicons';
import { Link, useRouter } from 'expo-router';
import type { ReactNode } from 'react';
import { KeyboardAvoidingView, Platform, Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { usePreferences } from '@/features/settings/preferences';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';

/** Where the other auth screen is: "No account yet? Sign up" under the form. */
export interface AuthSwitch {
  question: string;
  label: string;
  href: '/sign-in' | '/sign-up';
  testID: string;
}

/** The frame shared by sign-in and sign-up: brand, title, the form, the way to the other screen, and the server it talks to. */
export function AuthFrame({ title, lead, children, switchTo }: { title: string; lead: string; children: ReactNode; switchTo: AuthSwitch }) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const insets = useSafeAreaInsets();
  const router = useRouter();
  const t = useT();
  const { preferences } = usePreferences();
  return (
    <KeyboardAvoidingView style={styles.flex} behavior={Platform.OS === 'web' ? undefined : 'padding'}>
      <ScrollView
        style={styles.flex}
        contentContainerStyle={[styles.content, { paddingTop: insets.top + space.xxl, paddingBottom: insets.bottom + space.xl }]}
        keyboardShouldPersistTaps="handled"
      >
        <View style={styles.brand}>
          <View style={styles.logo}>
            <Ionicons name="sparkles" size={26} color="#ffffff" />
          </View>
          <Text style={styles.brandName}>{t('app.name')}</Text>
        </View>
        <Text style={styles.title} accessibilityRole="header">
          {title}
        </Text>
        <Text style={styles.lead}>{lead}</Text>
        <View style={styles.card}>{children}</View>
        <View style={styles.footer}>
          <Text style={styles.question}>{switchTo.question}</Text>
          <Link href={switchTo.href} replace testID={switchTo.testID} style={styles.switchLink}>
            {switchTo.label}
          </Link>
        </View>
        <Pressable
          testID="auth-server"
          accessibilityRole="button"
          onPress={() => router.push('/settings')}
          style={({ pressed }) => [styles.server, pressed && { opacity: 0.7 }]}
        >
          <Ionicons name="server-outline" size={14} color={palette.textFaint} />
          <Text style={styles.serverText} numberOfLines={1}>
            {t('auth.server')}: {preferences.backendUrl}
          </Text>
          <Ionicons name="chevron-forward" size={14} color={palette.textFaint} />
        </Pressable>
      </ScrollView>
    </KeyboardAvoidingView>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    flex: { flex: 1, backgroundColor: p.background },
    content: { flexGrow: 1, paddingHorizontal: space.xl, maxWidth: 480, width: '100%', alignSelf: 'center' },
    brand: { flexDirection: 'row', alignItems: 'center', gap: space.sm, marginBottom: space.xxl },
    logo: {
      width: 44,
      height: 44,
      borderRadius: 14,
      backgroundColor: p.accent,
      alignItems: 'center',
      justifyContent: 'center',
      shadowColor: p.accent,
      shadowOpacity: 0.35,
      shadowRadius: 10,
      shadowOffset: { width: 0, height: 4 },
      elevation: 4,
    },
    brandName: { fontSize: font.large + 1, fontWeight: '700', color: p.text, letterSpacing: -0.2 },
    title: { fontSize: font.display, fontWeight: '800', color: p.text, letterSpacing: -0.6 },
    lead: { fontSize: font.body, color: p.textMuted, marginTop: space.sm, marginBottom: space.xl, lineHeight: 21 },
    card: {
      backgroundColor: p.surface,
      borderRadius: radius.lg,
      padding: space.lg,
      gap: space.md,
      borderWidth: StyleSheet.hairlineWidth,
      borderColor: p.border,
    },
    footer: { flexDirection: 'row', justifyContent: 'center', gap: 6, marginTop: space.xl, flexWrap: 'wrap' },
    question: { fontSize: font.body, color: p.textMuted },
    switchLink: { fontSize: font.body, fontWeight: '600', color: p.accent },
    server: { flexDirection: 'row', alignItems: 'center', justifyContent: 'center', gap: 6, marginTop: 'auto', paddingTop: space.xxl },
    serverText: { fontSize: font.small, color: p.textFaint, flexShrink: 1 },
  });
