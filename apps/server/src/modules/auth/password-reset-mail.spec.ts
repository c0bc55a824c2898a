import { describe, expect, it } from 'vitest';
import { passwordResetMail } from './password-reset-mail';

const link = 'https://chat.example/reset-password?token=abc_DEF-123';

describe('the password reset email', () => {
  it('carries the link in text and HTML, with the expiry', () => {
    const mail = passwordResetMail({ to: 'ada@example.com', name: 'Ada', link, minutes: 30, locale: 'en' });
    expect(mail.subject).toBe('Reset your Mana Chat password');
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.text).toContain('30 minutes');
    expect(mail.html).toContain(`<a href="${link}">`);
  });

  it('escapes the name in HTML', () => {
    const mail = passwordResetMail({ to: 'x@example.com', name: '<img src=x onerror=alert(1)>', link, minutes: 30, locale: 'en' });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img');
  });

  it('speaks German', () => {
    const mail = passwordResetMail({ to: 'grete@example.com', name: 'Grete', link, minutes: 30, locale: 'de' });
    expect(mail.subject).toBe('Setze dein Mana-Chat-Passwort zurück');
    expect(mail.text).toContain('Hallo Grete');
    expect(mail.text).toContain('30 Minuten');
  });
});
