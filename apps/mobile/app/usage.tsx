export { default } from '@/features/usage/usage-screen';
