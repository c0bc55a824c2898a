export { default } from '@/app-shell/root-layout';
