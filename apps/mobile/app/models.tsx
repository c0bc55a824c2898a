export { default } from '@/features/models/model-picker-screen';
