// The committed catalog snapshot, checked once at build time.
import rawSnapshot from '../data/models-snapshot.json';
import { assertSnapshot, type CatalogSnapshot } from './model-catalog.mjs';

export const catalog: CatalogSnapshot = assertSnapshot(rawSnapshot);
