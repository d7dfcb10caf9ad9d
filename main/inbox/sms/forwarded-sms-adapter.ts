// SMS that a phone, carrier or Google Voice forwards into the team mailbox, read from the
// inbox's live feed. Codes are taken from the text of the SMS itself, not from the wrapping
// mail, so a forwarder's footer or the sender's number never passes for the code.

import { extractCode } from '../code-extractor';
import { waitForCode } from '../code-waiter';
import type { RoutedInboxMessage } from '../inbox-message';
import type { MessageFeed } from '../message-feed';
import { parseForwardedSms } from './forwarded-sms-format';
import { samePhoneNumber, type SmsAdapter, type SmsCodeRequest, type SmsMessage } from './sms-adapter';

export class ForwardedSmsAdapter implements SmsAdapter {
  constructor(private readonly feed: MessageFeed) {}

  async fetchMessagesSince(since: Date): Promise<SmsMessage[]> {
    return this.feed
      .recent()
      .filter((message) => message.receivedAt >= since)
      .map(parseForwardedSms)
      .filter((sms): sms is SmsMessage => sms !== undefined);
  }

  async waitForCode(request: SmsCodeRequest): Promise<string> {
    const smsCode = (message: RoutedInboxMessage) => {
      const sms = parseForwardedSms(message);
      if (!sms || (request.from !== undefined && !samePhoneNumber(sms.from, request.from))) return undefined;
      return extractCode({ subject: '', text: sms.body })?.code;
    };
    const found = await waitForCode(this.feed, request, { codeOf: smsCode });
    return found.code;
  }
}
