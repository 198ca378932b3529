import { createRegionLookup } from '../../data/region-lookup';
import raw from './regions.json';

export const regions = createRegionLookup(raw);
