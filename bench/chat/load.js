'use strict';
// The chat load client: `node load.js SPEC.json`. It forks worker processes (worker.js), which
// open the sockets and join their rooms; then, phase by phase, senders send on a shared
// schedule and every delivery is timed. Progress and results are JSON lines on stdout:
//   {"event": "connected", ...}     then it waits for a line on stdin ("go") when spec.wait_go,
//                                   so the caller can read the server's memory with the
//                                   sockets connected and idle;
//   {"event": "phase_start"|"phase_end", "name"}  so the caller can sample the server's CPU;
//   {"event": "result", ...}        the figures; latencies are written to spec.out_dir.
//
// SPEC: {urls, sockets: [{token, room}], senders: [socket index], workers, concurrency,
//        wait_go, drain_seconds, out_dir, phases: [{name, mode: "rate"|"closed", rate, seconds}]}

const { fork } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

function say(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

class Worker {
  constructor(index) {
    this.index = index;
    this.child = fork(path.join(__dirname, 'worker.js'), [], {
      env: { ...process.env, CHAT_WORKER_INDEX: String(index) },
    });
    this.waiters = [];
    this.child.on('message', (message) => {
      const waiter = this.waiters.findIndex((w) => w.type === message.type);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0].resolve(message);
    });
    this.child.on('exit', (code) => {
      if (code) for (const w of this.waiters) w.reject(new Error(`worker ${index} exited ${code}`));
    });
  }

  request(command, answer) {
    return new Promise((resolve, reject) => {
      this.waiters.push({ type: answer, resolve, reject });
      this.child.send(command);
    });
  }
}

function waitForGo() {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input: process.stdin });
    lines.once('line', () => { lines.close(); process.stdin.destroy(); resolve(); });
    lines.once('close', resolve);
  });
}

async function connect(spec, workers) {
  const shares = workers.map(() => []);
  spec.sockets.forEach((socket, global) => {
    shares[global % workers.length].push({
      url: spec.urls[global % spec.urls.length], token: socket.token, room: socket.room, global,
    });
  });
  const concurrency = Math.max(1, Math.floor((spec.concurrency || 64) / workers.length));
  const started = nowMs();
  const reports = await Promise.all(workers.map((worker, i) =>
    worker.request({ cmd: 'connect', sockets: shares[i], concurrency }, 'connected')));
  const rooms = {};
  for (const report of reports) {
    for (const [room, count] of Object.entries(report.rooms)) rooms[room] = (rooms[room] || 0) + count;
  }
  return {
    connected: reports.reduce((sum, r) => sum + r.connected, 0),
    failed: reports.reduce((sum, r) => sum + r.failed, 0),
    failures: reports.flatMap((r) => r.failures).slice(0, 5),
    seconds: (nowMs() - started) / 1000,
    rooms,
  };
}

// Expected receptions: each acknowledged message reaches every connected socket of its room.
function tally(sentOk, received, rooms) {
  const counts = new Map();
  for (const pairs of received) for (const [id, n] of pairs) counts.set(id, (counts.get(id) || 0) + n);
  let expected = 0;
  let lost = 0;
  let duplicated = 0;
  for (const [id, room] of sentOk) {
    const want = rooms[room] || 0;
    const got = counts.get(id) || 0;
    expected += want;
    if (got < want) lost += want - got;
    else duplicated += got - want;
  }
  return { expected, lost, duplicated };
}

async function runPhase(spec, phase, index, workers, connected, nonce) {
  const t0 = nowMs() + 300;
  const shared = { ...phase, index: index + 1, t0, nonce, senders: spec.senders };
  say({ event: 'phase_start', name: phase.name });
  const sent = await Promise.all(workers.map((w) => w.request({ cmd: 'phase', phase: shared }, 'sent')));
  const sentOk = sent.flatMap((s) => s.sentOk);
  const expectedByRoom = {};
  for (const [, room] of sentOk) expectedByRoom[room] = (expectedByRoom[room] || 0) + 1;
  const drained = await Promise.all(workers.map((w) => w.request({
    cmd: 'drain', expectedByRoom, drainSeconds: spec.drain_seconds || 5, outDir: spec.out_dir,
  }, 'drained')));
  say({ event: 'phase_end', name: phase.name });
  const lasts = drained.map((d) => d.lastDelivery).filter((t) => t !== null);
  const counts = tally(sentOk, drained.map((d) => d.received), connected.rooms);
  const cpu = drained.map((d) => d.cpuMs / d.wallMs);
  return {
    name: phase.name, mode: phase.mode, rate: phase.rate || null, seconds: phase.seconds,
    senders: spec.senders.length,
    sent: sentOk.length, send_errors: sent.reduce((sum, s) => sum + s.errors, 0),
    received: drained.reduce((sum, d) => sum + d.received.reduce((n, [, c]) => n + c, 0), 0),
    ...counts,
    active_seconds: lasts.length ? (Math.max(...lasts) - t0) / 1000 : null,
    disconnects: drained.reduce((sum, d) => sum + d.disconnects, 0),
    late_sends: drained.reduce((sum, d) => sum + d.lateSends, 0),
    max_send_lag_ms: Math.max(...drained.map((d) => d.maxLagMs)),
    drained: drained.every((d) => d.complete),
    client_cpu: cpu,
    delivery_files: drained.map((d) => d.deliveriesFile),
    ack_files: drained.map((d) => d.acksFile),
  };
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  fs.mkdirSync(spec.out_dir, { recursive: true });
  const workers = Array.from({ length: spec.workers || 1 }, (_, i) => new Worker(i));
  const connected = await connect(spec, workers);
  say({ event: 'connected', connected: connected.connected, failed: connected.failed,
    failures: connected.failures, seconds: connected.seconds });
  if (spec.wait_go) await waitForGo();
  const nonce = crypto.randomBytes(6).toString('hex');
  const phases = [];
  for (const [index, phase] of spec.phases.entries()) {
    phases.push(await runPhase(spec, phase, index, workers, connected, nonce));
  }
  const closed = await Promise.all(workers.map((w) => w.request({ cmd: 'close' }, 'closed')));
  say({ event: 'result', connect: connected, phases,
    disconnects: closed.reduce((sum, c) => sum + c.disconnects, 0) });
  process.exit(0); // stdin, read for "go", would keep the process alive
}

main().catch((error) => {
  say({ event: 'error', message: String(error.stack || error) });
  process.exit(1);
});
