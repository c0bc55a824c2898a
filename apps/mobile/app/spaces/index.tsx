export { default } from '@/features/spaces/spaces-screen';
