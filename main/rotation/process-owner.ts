// Who holds a lease: this host, this process id, and a random suffix. A lease whose holder
// is a process of this host that no longer exists is taken over at once, so recovery after
// a crash does not wait for the lease to expire; holders on other hosts wait for expiry.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID()}`;
}

export function ownerIsGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
