import { loginRequestSchema } from '@mana/contracts';
import { useRef, useState } from 'react';
import type { TextInput } from 'react-native';
import { useT } from '@/i18n/i18n';
import { Banner, Button, TextField } from '@/ui/controls';
import { AuthFrame } from './auth-form';
import { useSession } from './session';
import { useAuthAttempt } from './use-auth-attempt';

export default function SignInScreen() {
  const t = useT();
  const { session, signIn } = useSession();
  const { busy, error, setError, attempt } = useAuthAttempt();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const passwordRef = useRef<TextInput>(null);
  const expired = session.status === 'signedOut' && session.expired;

  const submit = async () => {
    const parsed = loginRequestSchema.safeParse({ email, password });
    if (!parsed.success) {
      setError(parsed.error.issues.some((i) => i.path[0] === 'email') ? t('auth.invalidEmail') : t('auth.invalidCredentials'));
      return;
    }
    await attempt(() => signIn(parsed.data));
  };

  return (
    <AuthFrame
      title={t('auth.welcomeBack')}
      lead={t('auth.signInLead')}
      switchTo={{ question: t('auth.noAccount'), label: t('auth.signUp'), href: '/sign-up', testID: 'go-sign-up' }}
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
