export { default } from '@/features/settings/settings-screen';
