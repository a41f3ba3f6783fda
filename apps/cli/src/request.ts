import { randomBytes } from 'node:crypto';
import { codecs, topics, type Command, type CommandReply } from '@mjl/protocol';
import type { BrokerLink } from '@mjl/transport';
import { CliError } from './context.js';

/** A command's action: exactly one of the Command oneof fields. */
export type CommandAction = Pick<Command, 'startInspection' | 'stopInspection' | 'ping' | 'fetchLogs'>;

/** Where this client's command replies arrive; subscribe to it before sending a command. */
export const replyTopicOf = (link: BrokerLink) => topics.replies(link.options.clientId);

/** The gateway a command goes to. */
export interface CommandTarget {
  site: string;
  gateway: string;
}

export const DEFAULT_REPLY_TIMEOUT_MS = 5000;

/**
 * Sends a command to a gateway and resolves with its reply (MQTT 3.1.1 request/response: the reply
 * topic and a fresh correlation id ride in the payload). The caller has subscribed to replyTopicOf(link).
 * A reply with ok = false rejects with the gateway's error; no reply within timeoutMs rejects too.
 */
export async function sendCommand(
  link: BrokerLink,
  target: CommandTarget,
  action: CommandAction,
  timeoutMs = DEFAULT_REPLY_TIMEOUT_MS,
): Promise<CommandReply> {
  const replyTo = replyTopicOf(link);
  const correlationId = randomBytes(8).toString('hex');
  let stopListening: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const reply = new Promise<CommandReply>((resolve, reject) => {
    stopListening = link.onMessage((topic, payload) => {
      if (topic !== replyTo) return;
      const decoded = codecs.commandReply.decode(payload);
      if (!decoded.ok || decoded.value.correlationId !== correlationId) return;
      if (decoded.value.ok) resolve(decoded.value);
      else reject(new CliError(`gateway ${target.gateway} at ${target.site}: ${decoded.value.error}`));
    });
    timer = setTimeout(
      () =>
        reject(
          new CliError(
            `no reply from gateway ${target.gateway} at ${target.site} within ${timeoutMs / 1000} s ` +
              '(is it running and subscribed to its commands? `mjl devices` shows its status)',
          ),
        ),
      timeoutMs,
    );
  });
  // The reply can come before the PUBACK of the command: a rejection then must not count as unhandled.
  reply.catch(() => undefined);
  try {
    const payload = codecs.command.encode({ correlationId, replyTo, ...action });
    await link.publish(topics.command(target.site, target.gateway), payload, { qos: 1 });
    return await reply;
  } finally {
    clearTimeout(timer);
    stopListening();
  }
}
