// The recipes shipped with Tessera, imported as JSON so the bundle carries them. Each is
// validated like a person's own recipe when loaded; a test keeps them all valid.
import acmeSupplyVendorPortal from './acme-supply-vendor-portal.json';

export const BUNDLED_RECIPES: readonly { file: string; json: unknown }[] = [
  { file: 'automation/recipes/bundled/acme-supply-vendor-portal.json', json: acmeSupplyVendorPortal },
];
