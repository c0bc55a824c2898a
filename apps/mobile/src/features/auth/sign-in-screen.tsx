import { loginRequestSchema } from '@mana/contracts';
import { Link } from 'expo-router';
import { useRef, useState } from 'react';
import { Text, type TextInput } from 'react-native';
import { usePreferences } from '@/features/settings/preferences';
import { useT } from '@/i18n/i18n';
import { usePalette } from '@/theme/theme';
import { Banner, Button, TextField } from '@/ui/controls';
import { authErrorMessage } from './auth-errors';
import { AuthFrame, authLinkStyles } from './auth-form';
import { useSession } from './session';

export default function SignInScreen() {
  const t = useT();
  const palette = usePalette();
  const { session, signIn } = useSession();
  const { preferences } = usePreferences();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<TextInput>(null);
  const expired = session.status === 'signedOut' && session.expired;

  const submit = async () => {
    const parsed = loginRequestSchema.safeParse({ email, password });
    if (!parsed.success) {
      setError(parsed.error.issues.some((i) => i.path[0] === 'email') ? t('auth.invalidEmail') : t('auth.invalidCredentials'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(parsed.data);
    } catch (failure) {
      setError(authErrorMessage(failure, t, preferences.backendUrl));
      setBusy(false);
    }
  };

  return (
    <AuthFrame
      title={t('auth.welcomeBack')}
      lead={t('auth.signInLead')}
      footer={
        <>
          <Text style={[authLinkStyles.muted, { color: palette.textMuted }]}>{t('auth.noAccount')}</Text>
          <Link href="/sign-up" replace testID="go-sign-up" style={[authLinkStyles.link, { color: palette.accent }]}>
            {t('auth.signUp')}
          </Link>
        </>
      }
    >
      {expired && !error ? <Banner tone="info">{t('auth.expired')}</Banner> : null}
      {error ? <Banner testID="auth-error">{error}</Banner> : null}
      <TextField
        testID="sign-in-email"
        label={t('auth.email')}
        value={email}
        onChangeText={setEmail}
        autoCapitalize="none"
        autoComplete="email"
        keyboardType="email-address"
        textContentType="username"
        returnKeyType="next"
        onSubmitEditing={() => passwordRef.current?.focus()}
      />
      <TextField
        ref={passwordRef}
        testID="sign-in-password"
        label={t('auth.password')}
        value={password}
        onChangeText={setPassword}
        secureTextEntry
        autoComplete="password"
        textContentType="password"
        returnKeyType="go"
        onSubmitEditing={submit}
      />
      <Button testID="sign-in-submit" label={busy ? t('auth.working') : t('auth.signIn')} busy={busy} onPress={submit} />
    </AuthFrame>
  );
}
