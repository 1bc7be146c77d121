// The live view page: one EventSource on /events (a `snapshot` on connect, then `entries` and
// `stats`), rendered with DOM text nodes only (labels and names come from untrusted messages).
// The plots are drawn on canvases here rather than with a chart library: the page is served by
// the device itself, offline and without a browser build step, and needs only two polylines and
// one bar series.

const entriesSection = document.getElementById('entries');
const connection = document.getElementById('connection');
const totals = document.getElementById('totals');
const codesBody = document.querySelector('#codes tbody');
const latencyCanvas = document.getElementById('latency');
const throughputCanvas = document.getElementById('throughput');

/** seq -> { entry, card }, oldest first. */
const shown = new Map();
let historySize = 100;
/** Five minutes at one-second buckets: the server keeps as much (traffic-stats.ts). */
const PLOT_SPAN_BUCKETS = 300;
/** The plots span at least a minute, and grow to five as traffic goes on. */
const MIN_PLOT_SPAN_BUCKETS = 60;

const source = new EventSource('/events');
source.addEventListener('open', () => setConnection('open', 'live'));
source.addEventListener('error', () => setConnection('closed', 'disconnected, retrying'));
source.addEventListener('snapshot', (event) => {
  const snapshot = JSON.parse(event.data);
  historySize = snapshot.historySize;
  shown.clear();
  entriesSection.replaceChildren();
  for (const entry of snapshot.entries) show(entry);
  drawStats(snapshot.stats);
});
source.addEventListener('entries', (event) => {
  for (const entry of JSON.parse(event.data)) show(entry);
  while (shown.size > historySize) {
    const [seq, { card }] = shown.entries().next().value;
    card.remove();
    shown.delete(seq);
  }
});
source.addEventListener('stats', (event) => drawStats(JSON.parse(event.data)));

function setConnection(state, text) {
  connection.dataset.state = state;
  connection.textContent = text;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function show(entry) {
  const previous = shown.get(entry.seq);
  const card = renderEntry(entry, previous);
  if (previous) previous.card.replaceWith(card);
  else entriesSection.prepend(card);
  shown.set(entry.seq, { entry, card });
}

function renderEntry(entry, previous) {
  const card = element('article', 'entry');
  card.dataset.seq = String(entry.seq);
  card.dataset.status = entry.status;
  card.append(renderThumbnail(entry, previous), renderBody(entry));
  return card;
}

function renderThumbnail(entry, previous) {
  if (entry.thumbnail === 'ready') {
    // Reuse the loaded image when only the reply changed.
    const old = previous?.card.querySelector('img.thumb');
    if (old) return old;
    const image = element('img', 'thumb');
    image.src = `/thumbnails/${entry.seq}`;
    image.alt = entry.name;
    return image;
  }
  const text = entry.thumbnail === 'pending' ? '...' : (entry.thumbnailNote ?? 'no image');
  return element('div', 'thumb', text);
}

function renderBody(entry) {
  const body = element('div', 'body');
  body.append(element('h2', '', entry.name));
  const meta = element('p', 'meta');
  meta.append(element('span', 'status', statusText(entry)));
  if (entry.latencyMs !== undefined) meta.append(` ${formatMs(entry.latencyMs)}`);
  meta.append(` ${new Date(entry.requestedAtMs).toLocaleTimeString()}`);
  if (entry.id !== undefined) meta.append(` ${entry.id}`);
  body.append(meta);
  if (entry.status === 'ok') body.append(renderLabels(entry.top));
  if (entry.message) body.append(element('p', 'message', entry.message));
  return body;
}

function statusText(entry) {
  if (entry.status === 'error') return entry.code;
  if (entry.status === 'no-reply') return 'no reply';
  return entry.status;
}

function renderLabels(top) {
  const list = element('ol', 'labels');
  for (const { label, probability } of top) {
    const item = element('li');
    item.append(element('span', 'label', label));
    const meter = element('meter');
    meter.min = 0;
    meter.max = 1;
    meter.value = probability ?? 0;
    item.append(
      meter,
      element('span', 'pct', probability === undefined ? '' : `${(probability * 100).toFixed(1)}%`),
    );
    list.append(item);
  }
  return list;
}

function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

function drawStats(stats) {
  const { results, ok, errors } = stats.totals;
  totals.textContent = `${results} results: ${ok} ok, ${errors} error${errors === 1 ? '' : 's'}`;
  codesBody.replaceChildren();
  for (const [code, count] of Object.entries(stats.errorCodes).sort((a, b) => b[1] - a[1])) {
    const row = element('tr');
    row.append(element('td', '', code), element('td', '', String(count)));
    codesBody.append(row);
  }
  const end = Math.floor(Date.now() / stats.bucketMs) * stats.bucketMs;
  const earliest = end - (PLOT_SPAN_BUCKETS - 1) * stats.bucketMs;
  const points = stats.points.filter((point) => point.t >= earliest);
  const start = Math.max(
    earliest,
    Math.min(points[0]?.t ?? end, end - (MIN_PLOT_SPAN_BUCKETS - 1) * stats.bucketMs),
  );
  const perSecond = 1000 / stats.bucketMs;
  drawPlot(latencyCanvas, start, end, stats.bucketMs, [
    {
      color: cssColor('--p50'),
      kind: 'line',
      values: points.filter((p) => p.p50 !== undefined).map((p) => [p.t, p.p50]),
    },
    {
      color: cssColor('--p99'),
      kind: 'line',
      values: points.filter((p) => p.p99 !== undefined).map((p) => [p.t, p.p99]),
    },
  ]);
  drawPlot(throughputCanvas, start, end, stats.bucketMs, [
    { color: '#6b7280', kind: 'bars', values: points.map((p) => [p.t, p.results * perSecond]) },
    { color: cssColor('--error'), kind: 'bars', values: points.map((p) => [p.t, p.errors * perSecond]) },
  ]);
}

function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Draws series of [time, value] on a canvas; its data-points attribute counts what was drawn. */
function drawPlot(canvas, start, end, bucketMs, series) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const left = 44;
  const bottom = height - 18;
  const top = 8;
  const maxValue = niceMax(Math.max(1e-9, ...series.flatMap((s) => s.values.map(([, value]) => value))));
  const x = (t) => left + ((t - start) / Math.max(1, end - start)) * (width - left - 6);
  const y = (value) => bottom - (value / maxValue) * (bottom - top);
  context.strokeStyle = '#d0d4da';
  context.fillStyle = '#5f6368';
  context.font = '11px system-ui, sans-serif';
  context.lineWidth = 1;
  for (const fraction of [0, 0.5, 1]) {
    const value = maxValue * fraction;
    context.beginPath();
    context.moveTo(left, y(value));
    context.lineTo(width - 6, y(value));
    context.stroke();
    context.fillText(formatAxis(value), 2, y(value) + 4);
  }
  context.fillText(`${formatSpan(end - start)} ago`, left, height - 4);
  context.fillText('now', width - 28, height - 4);
  const barWidth = Math.max(1, ((width - left - 6) * bucketMs) / Math.max(1, end - start) - 1);
  let drawn = 0;
  for (const { color, kind, values } of series) {
    context.strokeStyle = color;
    context.fillStyle = color;
    context.lineWidth = 2;
    if (kind === 'bars') {
      for (const [t, value] of values) context.fillRect(x(t), y(value), barWidth, bottom - y(value));
    } else {
      context.beginPath();
      for (const [index, [t, value]] of values.entries()) {
        if (index === 0) context.moveTo(x(t), y(value));
        else context.lineTo(x(t), y(value));
      }
      context.stroke();
      for (const [t, value] of values) context.fillRect(x(t) - 1.5, y(value) - 1.5, 3, 3);
    }
    drawn += values.length;
  }
  canvas.dataset.points = String(drawn);
}

function formatSpan(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

function niceMax(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

function formatAxis(value) {
  return value >= 100 || value === 0 ? String(Math.round(value)) : value.toPrecision(2);
}
