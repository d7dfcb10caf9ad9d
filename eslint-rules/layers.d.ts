// Types of what tests read from layers.js (plain JavaScript, loaded by ESLint as is).
export const LAYERS: Readonly<Record<string, number>>;
export const LIGHT_ENTRIES: readonly string[];
export const EARLY_ENTRIES: readonly string[];
export const tesseraPlugin: { rules: Record<string, unknown> };
