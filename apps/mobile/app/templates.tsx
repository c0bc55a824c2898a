export { default } from '@/features/templates/templates-screen';
