'use strict';
// One load-client process (forked by load.js): it holds a share of the sockets, sends the
// messages of its senders on the shared schedule, and times every `chat:message` its sockets
// receive. The send time travels in the body as CLOCK_MONOTONIC milliseconds
// (process.hrtime), which every process of the machine reads alike.
//
// Messages to the coordinator: {type: 'connected' | 'sent' | 'drained' | 'closed', ...}.

const fs = require('fs');
const path = require('path');
const { Socket } = require('./eio');

const MESSAGE_PREFIX = Buffer.from('42["chat:message",');
const BODY_MARK = Buffer.from('bnch ');
const PHASE_SPAN = 1e9; // message ids: phase * PHASE_SPAN + number within the phase

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

class Samples {
  // A growable Float64Array: hundreds of thousands of latencies cost no garbage.
  constructor() { this.values = new Float64Array(1024); this.length = 0; }
  push(value) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }
  write(file) {
    fs.writeFileSync(file, Buffer.from(this.values.buffer, 0, this.length * 8));
    return file;
  }
}

const state = {
  index: Number(process.env.CHAT_WORKER_INDEX || 0),
  sockets: [],   // {socket, room, global}
  disconnects: 0,
  phase: null,   // the phase being measured: its counters
};

function newPhaseCounters(spec) {
  return {
    spec,
    deliveries: new Samples(),
    acks: new Samples(),
    received: new Map(),      // message id -> receptions on this process
    receivedByRoom: new Map(),
    sentOk: [],               // [id, room]
    errors: 0,
    lateSends: 0,
    maxLagMs: 0,
    firstDelivery: Infinity,
    lastDelivery: 0,
  };
}

// The hot path: every frame of every socket of this process comes through here.
function onEvent(frame, room) {
  if (frame.compare(MESSAGE_PREFIX, 0, MESSAGE_PREFIX.length, 0, MESSAGE_PREFIX.length) !== 0) return;
  const phase = state.phase;
  if (phase === null) return;
  const mark = frame.indexOf(BODY_MARK, MESSAGE_PREFIX.length);
  if (mark < 0) return;
  const now = nowMs();
  const start = mark + BODY_MARK.length;
  const space = frame.indexOf(0x20, start);
  const end = frame.indexOf(0x22, space); // the closing quote of the body
  const sentAt = Number(frame.toString('latin1', start, space));
  const id = Number(frame.toString('latin1', space + 1, end));
  if (Math.floor(id / PHASE_SPAN) !== phase.spec.index) return; // a straggler of a past phase
  phase.deliveries.push(now - sentAt);
  phase.received.set(id, (phase.received.get(id) || 0) + 1);
  phase.receivedByRoom.set(room, (phase.receivedByRoom.get(room) || 0) + 1);
  if (now < phase.firstDelivery) phase.firstDelivery = now;
  if (now > phase.lastDelivery) phase.lastDelivery = now;
}

async function connectAll({ sockets, concurrency }) {
  const started = nowMs();
  const failures = [];
  let next = 0;
  async function lane() {
    while (next < sockets.length) {
      const entry = sockets[next++];
      const socket = new Socket(entry.url, { token: entry.token }, {
        onEvent: (frame) => onEvent(frame, entry.room),
        onClose: () => { state.disconnects += 1; },
      });
      try {
        await socket.connect(60000);
        const ack = await socket.call('chat:join', { room_id: entry.room }, 60000);
        if (!ack || !ack.ok) throw new Error(`chat:join refused: ${JSON.stringify(ack)}`);
        state.sockets.push({ socket, room: entry.room, global: entry.global });
      } catch (error) {
        failures.push(String(error.message || error));
        socket.close();
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  const rooms = {};
  for (const { room } of state.sockets) rooms[room] = (rooms[room] || 0) + 1;
  process.send({ type: 'connected', connected: state.sockets.length, failed: failures.length,
    failures: failures.slice(0, 5), rooms, seconds: (nowMs() - started) / 1000 });
}

function send(phase, sender, id, scheduledAt) {
  const sentAt = nowMs();
  const lag = scheduledAt === null ? 0 : sentAt - scheduledAt;
  if (lag > phase.maxLagMs) phase.maxLagMs = lag;
  if (lag > 10) phase.lateSends += 1;
  const body = `bnch ${sentAt.toFixed(3)} ${id}`;
  const payload = { room_id: sender.room, body, client_id: `${phase.spec.nonce}-${id}` };
  return sender.socket.call('chat:send', payload, 30000).then((ack) => {
    if (ack && ack.ok) {
      phase.acks.push(nowMs() - sentAt);
      phase.sentOk.push([id, sender.room]);
    } else phase.errors += 1;
  }, () => { phase.errors += 1; });
}

// Open loop: message k leaves at t0 + k / rate from senders[k % senders.length], whatever the
// server's pace, so a slow server shows as latency rather than as fewer messages.
function runRate(phase, senders) {
  const { t0, rate, seconds, index } = phase.spec;
  const total = Math.round(rate * seconds);
  const mine = [];
  for (let k = 0; k < total; k++) {
    const sender = senders[k % senders.length];
    if (sender !== undefined && sender !== null) mine.push([k, sender]);
  }
  const inFlight = [];
  return new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      const now = nowMs();
      while (i < mine.length && t0 + (mine[i][0] * 1000) / rate <= now) {
        const [k, sender] = mine[i++];
        inFlight.push(send(phase, sender, index * PHASE_SPAN + k, t0 + (k * 1000) / rate));
      }
      if (i < mine.length) setTimeout(tick, Math.max(0, t0 + (mine[i][0] * 1000) / rate - nowMs()));
      else Promise.all(inFlight).then(resolve);
    };
    setTimeout(tick, Math.max(0, t0 - nowMs()));
  });
}

// Closed loop: each sender keeps `window` messages in flight, sending the next one when one
// is acknowledged: the server's own pace sets the rate.
function runClosed(phase, senders) {
  const { t0, seconds, index } = phase.spec;
  const window = phase.spec.window || 1;
  const end = t0 + seconds * 1000;
  const loops = [];
  senders.forEach((sender, position) => {
    if (sender === null) return;
    for (let lane = 0; lane < window; lane++) {
      loops.push((async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 - nowMs())));
        const base = index * PHASE_SPAN + (position * window + lane + 1) * 1e6;
        for (let n = 0; nowMs() < end; n++) await send(phase, sender, base + n, null);
      })());
    }
  });
  return Promise.all(loops);
}

async function runPhase(spec) {
  const phase = newPhaseCounters(spec);
  state.phase = phase;
  phase.disconnectsBefore = state.disconnects;
  const byGlobal = new Map(state.sockets.map((entry) => [entry.global, entry]));
  // Every process sees the whole sender list; the senders it does not hold are null.
  const senders = spec.senders.map((global) => byGlobal.get(global) || null);
  phase.cpuBefore = process.cpuUsage();
  phase.cpuSince = nowMs();
  if (spec.mode === 'closed') await runClosed(phase, senders);
  else await runRate(phase, senders);
  process.send({ type: 'sent', sentOk: phase.sentOk, errors: phase.errors });
}

// Wait until this process's sockets received every acknowledged message of their room (or
// the drain time is up), then report and write the latencies.
function drain({ expectedByRoom, drainSeconds, outDir }) {
  const phase = state.phase;
  const mineByRoom = {};
  for (const { room } of state.sockets) mineByRoom[room] = (mineByRoom[room] || 0) + 1;
  const deadline = nowMs() + drainSeconds * 1000;
  const complete = () => Object.entries(mineByRoom).every(([room, sockets]) =>
    (phase.receivedByRoom.get(Number(room)) || 0) >= (expectedByRoom[room] || 0) * sockets);
  const finish = () => {
    const cpu = process.cpuUsage(phase.cpuBefore);
    const name = `${phase.spec.name}-w${state.index}`;
    process.send({
      type: 'drained',
      received: Array.from(phase.received.entries()),
      deliveriesFile: phase.deliveries.write(path.join(outDir, `${name}-delivery.f64`)),
      acksFile: phase.acks.write(path.join(outDir, `${name}-ack.f64`)),
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: nowMs() - phase.cpuSince,
      firstDelivery: phase.firstDelivery === Infinity ? null : phase.firstDelivery,
      lastDelivery: phase.lastDelivery || null,
      disconnects: state.disconnects - phase.disconnectsBefore,
      lateSends: phase.lateSends,
      maxLagMs: phase.maxLagMs,
      complete: complete(),
    });
    state.phase = null;
  };
  const poll = () => (complete() || nowMs() > deadline ? finish() : setTimeout(poll, 20));
  poll();
}

process.on('message', (message) => {
  if (message.cmd === 'connect') connectAll(message);
  else if (message.cmd === 'phase') runPhase(message.phase);
  else if (message.cmd === 'drain') drain(message);
  else if (message.cmd === 'close') {
    for (const { socket } of state.sockets) socket.close();
    process.send({ type: 'closed', disconnects: state.disconnects });
    setTimeout(() => process.exit(0), 200);
  }
});
