export const usageKeys = {
  all: ['usage'] as const,
  period: (from: string, to: string) => [...usageKeys.all, { from, to }] as const,
};
