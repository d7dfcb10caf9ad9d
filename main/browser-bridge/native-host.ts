// Entry of out/main/browser-host.js, the native messaging host run by Node (the CLI's
// `tessera browsers install-host`, tests): the browser starts it through the launcher that
// native-host-install writes. The app runs the same relay itself (BROWSER_HOST_FLAG).
import { runNativeHost } from './native-host-relay';

runNativeHost(process.argv.slice(2));
