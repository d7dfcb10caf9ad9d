// Builds routed inbox messages for tests: sensible defaults, override what the test is about.
import type { RoutedInboxMessage } from '../../../main/inbox/inbox-message';

let counter = 0;

export function routedMessage(overrides: Partial<RoutedInboxMessage> = {}): RoutedInboxMessage {
  counter += 1;
  return {
    uid: counter,
    messageId: `<m${counter}@test.example>`,
    from: 'noreply@github.com',
    to: ['team+github-3fa2c1@example.com'],
    cc: [],
    deliveredTo: [],
    subject: 'Your verification code',
    date: new Date('2024-05-01T10:00:00Z'),
    receivedAt: new Date('2024-05-01T10:00:00Z'),
    text: 'Verification code: 111111',
    notes: [],
    accountIds: ['github'],
    category: 'verification_code',
    code: '111111',
    ...overrides,
  };
}
