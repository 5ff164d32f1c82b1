'use strict';
// The peer of the chat benchmark: a plain Node `socket.io` server with the product's event
// names and payload shapes for the scenario, no database. `node node_server.js PORT`.
//   chat:join {room_id}                    -> ack {ok, room, messages: [], has_more: false}
//   chat:send {room_id, body, client_id}   -> `chat:message` to the room, ack {ok, message}

const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 7250);
const server = http.createServer((request, response) => {
  response.writeHead(request.url === '/healthz' ? 200 : 404).end();
});
const io = new Server(server, { maxHttpBufferSize: 64 * 1024 });
const seqs = new Map();
let nextId = 1;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function refusal(code, message) {
  return { ok: false, error: code, message };
}

function validRoom(payload) {
  return payload && Number.isInteger(payload.room_id) && payload.room_id >= 0;
}

io.use((socket, next) => {
  const { token } = socket.handshake.auth || {};
  if (!token) next(new Error('unauthorized'));
  else {
    socket.data.username = `user-${String(token).slice(0, 8)}`;
    next();
  }
});

io.on('connection', (socket) => {
  socket.on('chat:join', (payload, ack) => {
    if (typeof ack !== 'function') return;
    if (!validRoom(payload)) return ack(refusal('bad_request', 'room_id must be an integer.'));
    socket.join(`chat:${payload.room_id}`);
    return ack({ ok: true, room: { id: payload.room_id, kind: 'group', name: '' },
      messages: [], has_more: false });
  });

  socket.on('chat:send', (payload, ack) => {
    if (typeof ack !== 'function') return;
    if (!validRoom(payload) || typeof payload.body !== 'string' || !payload.body) {
      return ack(refusal('bad_request', 'The payload must be {room_id, body, client_id}.'));
    }
    const seq = (seqs.get(payload.room_id) || 0) + 1;
    seqs.set(payload.room_id, seq);
    const message = {
      id: nextId++, room_id: payload.room_id, seq,
      author: { username: socket.data.username, display_name: socket.data.username },
      body: payload.body, body_html: `<p>${escapeHtml(payload.body)}</p>`,
      client_id: payload.client_id ?? null, created_at: new Date().toISOString(),
      edited_at: null, deleted: false,
    };
    io.to(`chat:${payload.room_id}`).emit('chat:message', message);
    return ack({ ok: true, message });
  });
});

server.listen(port, '127.0.0.1');
