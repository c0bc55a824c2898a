import { registerRequestSchema } from '@mana/contracts';
import { useState } from 'react';
import { useT, type Translate } from '@/i18n/i18n';
import { Banner, Button, TextField } from '@/ui/controls';
import { AuthFrame } from './auth-form';
import { useSession } from './session';
import { useAuthAttempt } from './use-auth-attempt';

type Field = 'name' | 'email' | 'password';

function fieldErrors(issues: { path: PropertyKey[] }[], t: Translate): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0] as Field;
    if (errors[field]) continue;
    errors[field] = field === 'name' ? t('auth.nameRequired') : field === 'email' ? t('auth.invalidEmail') : t('auth.passwordTooShort');
  }
  return errors;
}

export default function SignUpScreen() {
  const t = useT();
  const { signUp } = useSession();
  const { busy, error, attempt } = useAuthAttempt();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = async () => {
    const parsed = registerRequestSchema.safeParse({ name, email, password });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues, t));
      return;
    }
    setErrors({});
    await attempt(() => signUp(parsed.data));
  };

  return (
    <AuthFrame
      title={t('auth.createTitle')}
      lead={t('auth.createLead')}
      switchTo={{ question: t('auth.haveAccount'), label: t('auth.signIn'), href: '/sign-in', testID: 'go-sign-in' }}
    >
      {error ? <Banner testID="auth-error">{error}</Banner> : null}
      <TextField testID="sign-up-name" label={t('auth.name')} value={name} onChangeText={setName} autoComplete="name" error={errors.name} />
      <TextField
        testID="sign-up-email"
        label={t('auth.email')}
        value={email}
        onChangeText={setEmail}
        autoCapitalize="none"
        autoComplete="email"
        keyboardType="email-address"
        error={errors.email}
      />
      <TextField
        testID="sign-up-password"
        label={t('auth.password')}
        value={password}
        onChangeText={setPassword}
        secureTextEntry
        autoComplete="new-password"
        textContentType="newPassword"
        hint={t('auth.passwordHint')}
        error={errors.password}
        onSubmitEditing={submit}
      />
      <Button testID="sign-up-submit" label={busy ? t('auth.working') : t('auth.signUp')} busy={busy} onPress={submit} />
    </AuthFrame>
  );
}
