export const modelKeys = {
  all: ['models'] as const,
};
