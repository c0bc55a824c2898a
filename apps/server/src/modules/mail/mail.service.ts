import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { fail, ok, type Result } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { APP_CONFIG, type AppConfig } from '../../config/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Email through the SMTP server in SMTP_URL; without it nothing can be sent (`configured` is false). */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.transport = config.SMTP_URL
      ? createTransport({
          url: config.SMTP_URL,
          // A mail server that hangs must not hold a request's background work for minutes.
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  async send(mail: OutgoingMail): Promise<Result<void>> {
    if (!this.transport) return fail('NOT_READY', 'Email is not configured: set SMTP_URL');
    try {
      await this.transport.sendMail({ from: this.config.MAIL_FROM, ...mail });
      return ok(undefined);
    } catch (error) {
      // The error names the server's answer; it never carries the credentials of SMTP_URL.
      const { message, code } = error as { message?: string; code?: string };
      this.logger.warn({ code, err: message }, 'the mail server did not take a message');
      return fail('UPSTREAM_UNAVAILABLE', 'The mail server did not accept the message');
    }
  }

  onApplicationShutdown() {
    this.transport?.close();
  }
}
