// Handlers for the app.* channels.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

export function appHandlers(services: Services): HandlerSlice<'app.info' | 'app.openExternal'> {
  return {
    'app.info': () => ({
      name: 'Tessera',
      version: services.platform.version,
      platform: process.platform,
      host: services.platform.host === 'electron' ? 'electron' : 'web-test-host',
    }),
    'app.openExternal': async ({ url }) => {
      await services.links.open(url);
      return { opened: true };
    },
  };
}
