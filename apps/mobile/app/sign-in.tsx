export { default } from '@/features/auth/sign-in-screen';
