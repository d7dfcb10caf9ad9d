// The scheduler's minute round recovers interrupted rotations; a rotation this process is
// running right now looks interrupted too (its journal entry is open, and the lease is this
// process's own). Recovery must leave it alone: settling it from under the running rotation
// made the rotation fail with "moved on to COMMITTED elsewhere" in a long Universal Logout.
import { describe, expect, it } from 'vitest';
import { RotationService } from '../../../main/rotation/rotation-service';
import type { LoginProbe } from '../../../main/rotation/rotation-site';
import { createTestVault } from '../vault/helpers';
import { MemorySite } from './memory-site';

const OLD = 'Old-Password-For-Recovery-1';

/** A site whose first probe login (VERIFY_NEW) waits until the test lets it go on. */
class GatedSite extends MemorySite {
  reachedVerify!: Promise<void>;
  release!: () => void;
  private reached!: () => void;
  private gate: Promise<void>;

  constructor(password: string) {
    super(password);
    this.reachedVerify = new Promise((resolve) => (this.reached = resolve));
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  override async tryLogin(request: { password: string }): Promise<LoginProbe> {
    this.reached();
    await this.gate;
    return super.tryLogin(request);
  }
}

describe('recovery while this process rotates', () => {
  it('leaves the running rotation alone, and the rotation commits', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Portal', urls: ['https://portal.example.test/login'], username: 'ada', password: OLD });
    const site = new GatedSite(OLD);
    const service = new RotationService({ vault: () => vault, site: () => site });

    const rotation = service.rotate(id);
    await site.reachedVerify; // submitted: the journal entry is open (VERIFY_NEW), the lease is ours
    const recovered = await service.recover();
    expect(recovered).toEqual({ recovered: [], skipped: [] });
    expect(site.logins).toEqual([]); // recovery typed nothing

    site.release();
    const result = await rotation;
    expect(result.state).toBe('COMMITTED');
    expect(vault.accounts.get(id).password).toBe(site.password);
  });
});
