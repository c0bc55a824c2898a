export { default } from '@/features/auth/sign-up-screen';
