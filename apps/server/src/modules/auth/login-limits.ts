import type Redis from 'ioredis';
import { RateLimiter } from '../../common/rate-limit';
import type { AppConfig } from '../../config/config';

/** Brute-force limits on sign-in and sign-up, per IP and per account. */
export interface LoginLimits {
  loginPerIp: RateLimiter;
  loginPerAccount: RateLimiter;
  registerPerIp: RateLimiter;
}

export const LOGIN_LIMITS = Symbol('LOGIN_LIMITS');

export function createLoginLimits(config: AppConfig, redis: Redis | null): LoginLimits {
  return {
    loginPerIp: new RateLimiter('login-ip', { points: config.LOGIN_LIMIT_PER_IP, windowS: 300 }, redis),
    loginPerAccount: new RateLimiter('login-account', { points: config.LOGIN_LIMIT_PER_ACCOUNT, windowS: 900 }, redis),
    registerPerIp: new RateLimiter('register-ip', { points: config.REGISTER_LIMIT_PER_IP, windowS: 3600 }, redis),
  };
}
