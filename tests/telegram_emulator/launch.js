// Starts telegram-test-api (a Telegram Bot API emulator) on 127.0.0.1 for the end-to-end tests,
// patched where it differs from the real Bot API, without touching node_modules:
//   1. getMe omits is_bot;
//   2. dates on the bot's own messages are milliseconds, not seconds;
//   3. callback queries lack chat_instance;
//   4. editMessageText / editMessageReplyMarkup answer null instead of the edited message.
// It also answers setMyCommands and sendDocument, which it does not know, and passes the
// webhook's secret_token on as Telegram does. Stops when stdin closes or on SIGTERM.
//
// With EMULATOR_MAX_PER_SECOND=30 it answers sendMessage with 429 (retry_after 1) above that
// rate, as Telegram does; GET /stats tells how many were sent and refused.
//
// Usage: node launch.js PORT   (prints "READY PORT" once it listens)
'use strict';

const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');
const axios = require('axios');

const port = Number(process.argv[2] || 9000);
const seconds = (millis) => Math.floor(millis / 1000);

function asTelegramMessage(stored, chatId) {
  const message = {
    message_id: stored.messageId,
    date: seconds(stored.time),
    chat: { id: Number(chatId), type: 'private', first_name: 'Bot' },
    text: stored.message.text,
  };
  if (stored.message.reply_markup) message.reply_markup = stored.message.reply_markup;
  return message;
}

function findStored(server, body) {
  return server.storage.botMessages.find((u) => String(u.messageId) === String(body.message_id)
    && String(u.message.chat_id) === String(body.chat_id));
}

const perSecond = Number(process.env.EMULATOR_MAX_PER_SECOND || 0);
const stats = { sent: 0, tooMany: 0 };
let tokens = perSecond;
let refilled = Date.now();

function allowed() {
  if (!perSecond) return true;
  const now = Date.now();
  tokens = Math.min(perSecond, tokens + ((now - refilled) / 1000) * perSecond);
  refilled = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

function patchedRoutes(app, server) {
  app.get('/stats', (_req, res) => res.json(stats));
  // 1. getMe with is_bot, as Telegram answers it.
  app.all('/bot:token/getMe', (_req, res) => res.json({
    ok: true,
    result: { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot',
      can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false },
  }));
  // 2. sendMessage: the bot's message dated in seconds.
  app.all('/bot:token/sendMessage', (req, res) => {
    if (!allowed()) {
      stats.tooMany += 1;
      res.status(429).json({ ok: false, error_code: 429,
        description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      return;
    }
    stats.sent += 1;
    const result = server.addBotMessage(req.body, req.params.token);
    res.json({ ok: true, result: { ...result, date: seconds(result.date) } });
  });
  // 4. edits answer with the edited message; an edit without buttons removes them.
  for (const method of ['editMessageText', 'editMessageReplyMarkup']) {
    app.all(`/bot:token/${method}`, (req, res) => {
      const body = TelegramServer.normalizeMessage({ ...req.body });
      const stored = findStored(server, body);
      if (!stored) {
        res.status(400).json({ ok: false, error_code: 400,
          description: 'Bad Request: message to edit not found' });
        return;
      }
      if (body.text !== undefined) stored.message.text = body.text;
      if (body.reply_markup && 'inline_keyboard' in body.reply_markup) {
        stored.message.reply_markup = body.reply_markup;
      } else {
        delete stored.message.reply_markup;
      }
      server.emit('EditedMessageText');
      res.json({ ok: true, result: asTelegramMessage(stored, body.chat_id) });
    });
  }
  // Methods the emulator does not know, answered as Telegram would.
  app.all('/bot:token/setMyCommands', (_req, res) => res.json({ ok: true, result: true }));
  app.all('/bot:token/deleteMyCommands', (_req, res) => res.json({ ok: true, result: true }));
  app.all('/bot:token/sendChatAction', (_req, res) => res.json({ ok: true, result: true }));
  app.all('/bot:token/sendDocument', (_req, res) => res.json({
    ok: true,
    result: { message_id: 1, date: seconds(Date.now()), chat: { id: 0, type: 'private' },
      document: { file_id: 'export', file_unique_id: 'export' } },
  }));
  app.all('/bot:token/sendPhoto', (_req, res) => res.json({
    ok: true,
    result: { message_id: 1, date: seconds(Date.now()), chat: { id: 0, type: 'private' },
      photo: [{ file_id: 'profile', file_unique_id: 'profile', width: 720, height: 440 }] },
  }));
}
routes.unshift(patchedRoutes);

// 3. callback queries carry chat_instance.
const formatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  const formatted = formatUpdate(update);
  if (formatted.callback_query && !formatted.callback_query.chat_instance) {
    const chat = formatted.callback_query.message && formatted.callback_query.message.chat;
    formatted.callback_query.chat_instance = String(chat ? chat.id : formatted.callback_query.from.id);
  }
  return formatted;
};

// Webhook calls carry the secret token the bot set, as Telegram sends it.
TelegramServer.prototype.addUserUpdate = async function addUserUpdate(update) {
  const webhook = this.webhooks[update.botToken];
  if (webhook) {
    const headers = webhook.secret_token
      ? { 'X-Telegram-Bot-Api-Secret-Token': webhook.secret_token } : {};
    await axios({ url: webhook.url, method: 'POST', data: TelegramServer.formatUpdate(update),
      headers });
  } else {
    this.storage.userMessages.push(update);
  }
  this.updateId++;
};

const storeTimeout = Number(process.env.EMULATOR_STORE_SECONDS || 600);  // long soaks keep more
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout });
server.start().then(() => {
  process.stdout.write(`READY ${port}\n`);
});

// A failed webhook call (the bot stopped) is the bot's problem, not a reason to stop.
process.on('unhandledRejection', (error) => {
  process.stderr.write(`emulator: ${error && error.message ? error.message : error}\n`);
});

const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
