// A rotation that stops for good once VERIFY_NEW is durable (the site already has the new
// password), as a process killed right after its submit leaves it: a real engine on a real
// site whose afterTransition hook never returns there. `owner` names the lease holder: a
// process id that does not exist looks killed, a live one looks busy.
import { RotationEngine, type RotationEngineOptions } from '../../../main/rotation/rotation-engine';

export async function rotationStoppedAfterSubmit(accountId: string, options: Omit<RotationEngineOptions, 'afterTransition'>): Promise<void> {
  await new Promise<void>((reached, failed) => {
    const engine = new RotationEngine({
      ...options,
      afterTransition: (state) => {
        if (state !== 'VERIFY_NEW') return;
        reached();
        return new Promise<void>(() => undefined); // the process "dies" here: nothing after this runs
      },
    });
    engine.rotate(accountId).then(() => failed(new Error('the rotation ended instead of stopping')), failed);
  });
}
