// Handler for dashboard.overview: the dashboard service does the work and the caching.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

export function dashboardHandlers({ dashboard }: Services): HandlerSlice<'dashboard.overview'> {
  return {
    'dashboard.overview': () => dashboard.overview(),
  };
}
