// Turns the words people use for a rotation policy ("every 30 days from 2027-01-01 between
// 22 and 6", "12 hours after each login", "when a member is removed") into the scheduler's
// PolicyInput. Shared by the CLI and the app, so both accept and refuse the same things.
import { TesseraError } from '../../errors';
import { POLICY_EVENTS, PolicyDataSchema, type PolicyEvent, type PolicyInput } from './rotation-policy';

export type PolicyRequest = {
  name: string;
  /** Exactly one trigger. */
  every?: { count: number; unit: 'days' | 'weeks' | 'months'; startAt?: number; window?: { startHour: number; endHour: number } };
  afterLoginHours?: number;
  onEvents?: readonly string[];
  accountIds?: readonly string[];
  tags?: readonly string[];
  hosts?: readonly string[];
};

export function policyInputFrom(request: PolicyRequest, now = Date.now()): PolicyInput {
  const triggers = [request.every, request.afterLoginHours, request.onEvents].filter((t) => t !== undefined);
  if (triggers.length !== 1) {
    throw new TesseraError('INVALID_INPUT', 'A policy needs exactly one trigger: a schedule (every N days, weeks or months), hours after each login, or events.');
  }
  let schedule: PolicyInput['schedule'];
  if (request.every) {
    schedule = {
      type: 'interval',
      every: request.every.count,
      unit: request.every.unit,
      startAt: request.every.startAt ?? now,
      ...(request.every.window ? { window: request.every.window } : {}),
    };
  } else if (request.afterLoginHours !== undefined) {
    schedule = { type: 'after-login', hours: request.afterLoginHours };
  } else {
    const unknown = (request.onEvents ?? []).filter((e) => !(POLICY_EVENTS as readonly string[]).includes(e));
    if (unknown.length > 0) {
      throw new TesseraError('INVALID_INPUT', `Unknown event "${unknown[0]}". Events are: ${POLICY_EVENTS.join(', ')}.`);
    }
    schedule = { type: 'event', events: [...(request.onEvents ?? [])] as PolicyEvent[] };
  }
  const input: PolicyInput = {
    name: request.name,
    schedule,
    scope: { accountIds: [...(request.accountIds ?? [])], tags: [...(request.tags ?? [])], hosts: [...(request.hosts ?? [])] },
  };
  const checked = PolicyDataSchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    const fix = Object.entries(WHAT_TO_DO).find(([prefix]) => path.startsWith(prefix))?.[1];
    throw new TesseraError('INVALID_INPUT', fix ?? `That policy is not valid${issue ? `: ${path || 'policy'} ${issue.message}` : ''}.`);
  }
  return input;
}

/** What a person should change, by the field the schema refused. */
const WHAT_TO_DO: Record<string, string> = {
  name: 'Give the policy a name of up to 200 characters.',
  'schedule.every': 'Rotate every 1 to 1000 days, weeks or months: enter a whole number in that range.',
  'schedule.startAt': 'Pick a valid start date.',
  'schedule.window': 'The time window needs two different hours from 0 to 24, e.g. 22 to 6 for nights.',
  'schedule.hours': 'Rotate 1 to 48 hours (2 days) after a login: enter a whole number in that range.',
  'schedule.events': 'Choose at least one event: member removed, Universal Logout, deprovisioning or a share link that ended after it was opened.',
  'scope.tags': 'Each tag needs 1 to 100 characters; remove empty ones.',
  'scope.hosts': 'Each app is a host name such as github.com; remove empty ones.',
  'scope.accountIds': 'Choose accounts from the list.',
};

/** "22-6" → { startHour: 22, endHour: 6 }; a window may wrap past midnight. */
export function parseHourWindow(text: string): { startHour: number; endHour: number } {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const startHour = Number(match?.[1]);
  const endHour = Number(match?.[2]);
  if (!match || startHour > 24 || endHour > 24 || startHour === endHour) {
    throw new TesseraError('INVALID_INPUT', `"${text}" is not an hour window. Write it as START-END in local hours, e.g. 22-6.`);
  }
  return { startHour, endHour };
}

/** A one-line description for lists: "every 30 days (22–6h)", "every month", "12 h after each automated login". */
export function describeSchedule(schedule: PolicyInput['schedule']): string {
  switch (schedule.type) {
    case 'interval':
      // "every month", "every 2 weeks"
      return `every ${schedule.every === 1 ? schedule.unit.slice(0, -1) : `${schedule.every} ${schedule.unit}`}${schedule.window ? ` (${schedule.window.startHour}–${schedule.window.endHour}h)` : ''}`;
    case 'after-login':
      return `${schedule.hours} h after each automated login`;
    case 'event':
      return `on ${schedule.events.join(', ').replaceAll('_', ' ')}`;
  }
}
