'use strict';
// A minimal Socket.IO v4 client (Engine.IO v4, WebSocket transport only, default namespace)
// over the `ws` package. The load client needs little of socket.io-client and pays for none
// of it: incoming frames stay Buffers, and only the events a test listens for are decoded.
//
// Packets: Engine.IO "0" open, "2" ping (answered "3"), "4" message; a message carries a
// Socket.IO packet: "0" connect (the client sends `40{auth}`), "2" event `42<ack id>[name, data]`,
// "3" ack `43<id>[data]`, "4" connect error.

const WebSocket = require('ws');

const CHAR_0 = 0x30;
const CHAR_2 = 0x32;
const CHAR_3 = 0x33;
const CHAR_4 = 0x34;

function socketUrl(base) {
  return base.replace(/^http/, 'ws').replace(/\/$/, '') + '/socket.io/?EIO=4&transport=websocket';
}

class Socket {
  // onEvent(buffer): every `42[...]` frame, undecoded; onClose(): an unexpected close.
  constructor(url, auth, { onEvent = () => {}, onClose = () => {} } = {}) {
    this.url = socketUrl(url);
    this.auth = auth;
    this.onEvent = onEvent;
    this.onClose = onClose;
    this.nextAck = 1;
    this.pending = new Map();
    this.closing = false;
    this.connected = false;
  }

  // Resolves once the server accepted the Socket.IO connect (`40`), rejects on `44`.
  connect(timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('connect timeout')), timeoutMs);
      const fail = (error) => {
        clearTimeout(timer);
        this.closing = true;
        this.ws.terminate();
        reject(error);
      };
      this.ws = new WebSocket(this.url, { perMessageDeflate: false });
      this.ws.on('error', (error) => (this.connected ? null : fail(error)));
      this.ws.on('close', () => {
        for (const { reject: rejectAck } of this.pending.values()) rejectAck(new Error('closed'));
        this.pending.clear();
        if (!this.connected) fail(new Error('closed before connecting'));
        else if (!this.closing) this.onClose();
        this.connected = false;
      });
      this.ws.on('message', (data) => this.receive(data, { resolve, fail, timer }));
    });
  }

  receive(data, handshake) {
    const kind = data[0];
    if (kind === CHAR_4) {
      const packet = data[1];
      if (packet === CHAR_2) this.onEvent(data);
      else if (packet === CHAR_3) this.acknowledged(data);
      else if (packet === CHAR_0) {
        this.connected = true;
        clearTimeout(handshake.timer);
        handshake.resolve(this);
      } else if (packet === CHAR_4) handshake.fail(new Error(`refused: ${data.toString()}`));
    } else if (kind === CHAR_2) {
      this.ws.send('3');
    } else if (kind === CHAR_0) {
      this.ws.send('40' + JSON.stringify(this.auth));
    }
  }

  acknowledged(data) {
    let end = 2;
    while (data[end] >= CHAR_0 && data[end] <= CHAR_0 + 9) end += 1;
    const id = Number(data.toString('latin1', 2, end));
    const waiter = this.pending.get(id);
    if (waiter === undefined) return;
    this.pending.delete(id);
    waiter.resolve(JSON.parse(data.toString('utf8', end))[0]);
  }

  emit(event, payload) {
    this.ws.send('42' + JSON.stringify([event, payload]));
  }

  // The acknowledgement of an event, or a rejection after `timeoutMs`.
  call(event, payload, timeoutMs = 30000) {
    const id = this.nextAck++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${event}: no acknowledgement`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.ws.send('42' + id + JSON.stringify([event, payload]));
    });
  }

  close() {
    this.closing = true;
    if (this.ws) this.ws.close();
  }
}

module.exports = { Socket, socketUrl };
