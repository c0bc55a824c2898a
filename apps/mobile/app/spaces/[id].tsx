export { default } from '@/features/spaces/space-screen';
