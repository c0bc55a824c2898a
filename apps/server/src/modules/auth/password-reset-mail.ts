import type { OutgoingMail } from '../mail/mail.service';

export type ResetMailLocale = 'en' | 'de';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TEXTS: Record<ResetMailLocale, { subject: string; lines: (name: string, email: string, minutes: number) => [string, string, string, string] }> = {
  en: {
    subject: 'Reset your Mana Chat password',
    lines: (name, email, minutes) => [
      `Hello ${name},`,
      `someone (hopefully you) asked to reset the password of the Mana Chat account ${email}.`,
      `Choose a new password here. The link works once, for ${minutes} minutes:`,
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ],
  },
  de: {
    subject: 'Setze dein Mana-Chat-Passwort zurück',
    lines: (name, email, minutes) => [
      `Hallo ${name},`,
      `jemand (hoffentlich du) möchte das Passwort des Mana-Chat-Kontos ${email} zurücksetzen.`,
      `Hier kannst du ein neues Passwort wählen. Der Link funktioniert einmal und ${minutes} Minuten lang:`,
      'Wenn du das nicht warst, ignoriere diese E-Mail: Dein Passwort bleibt, wie es ist.',
    ],
  },
};

/** The password-reset email, as text and as simple HTML. */
export function passwordResetMail(input: {
  to: string;
  name: string;
  link: string;
  minutes: number;
  locale: ResetMailLocale;
}): OutgoingMail {
  const { subject, lines } = TEXTS[input.locale];
  const [greeting, why, action, ignore] = lines(input.name, input.to, input.minutes);
  const text = [greeting, '', why, '', action, input.link, '', ignore, ''].join('\n');
  const e = escapeHtml;
  const html = [
    `<p>${e(greeting)}</p>`,
    `<p>${e(why)}</p>`,
    `<p>${e(action)}<br><a href="${e(input.link)}">${e(input.link)}</a></p>`,
    `<p>${e(ignore)}</p>`,
  ].join('\n');
  return { to: input.to, subject, text, html };
}
