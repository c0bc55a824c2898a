import { glob } from 'astro/loaders';
import { defineCollection, z } from 'astro:content';

const legal = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './src/content/legal' }),
  schema: z.object({
    title: z.string(),
    description: z.string().max(170),
    updated: z.coerce.date(),
    /** true when the text holds <mark class="fill-in"> fields the operator must complete */
    operatorFields: z.boolean().default(false),
  }),
});

export const collections = { legal };
