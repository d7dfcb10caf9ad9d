// `window.tessera` is installed by the preload (Electron) or the web test host's shim.
import type { TesseraApi } from '../../main/ipc/contract';

declare global {
  interface Window {
    tessera: TesseraApi;
  }
}
export {};
