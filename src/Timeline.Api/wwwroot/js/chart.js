// Each suitor's interest over time, as a step chart.

import { $, h, s } from './dom.js';
import { DAY, INTEREST_WORDS, LEVELS, dayOf, endOfDay, formatDate, shortMonth } from './format.js';

/** Each suitor's interest level after every claim, as a step chart, with the replay date marked. */
export function drawChart(steps, range, asOf) {
  const container = $('#chart');
  const width = Math.max(280, container.clientWidth || 600);
  const height = 240;
  const margin = { top: 22, right: 14, bottom: 28, left: 118 };
  const start = range.min * DAY;
  const end = endOfDay(range.max);
  const x = (time) => margin.left + ((time - start) / (end - start)) * (width - margin.left - margin.right);
  const y = (level) => margin.top + (1 - LEVELS.indexOf(level) / (LEVELS.length - 1)) * (height - margin.top - margin.bottom);

  const series = new Map();
  for (const step of steps) {
    const time = new Date(step.at).getTime();
    const levels = new Map(step.state.suitors.map((suitor) => [suitor.club, suitor]));
    for (const club of new Set([...series.keys(), ...levels.keys()])) {
      if (!series.has(club)) series.set(club, []);
      const points = series.get(club);
      const level = levels.get(club)?.interest ?? null;
      const previous = points[points.length - 1];
      if (!previous || previous.level !== level) {
        const suitor = levels.get(club);
        points.push({ time, level, reporter: suitor?.reporter, outlet: suitor?.outlet });
      }
    }
  }

  const chart = s('svg', {
    width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart-svg',
    'aria-label': chartSummary(series),
  });
  for (const level of LEVELS) {
    chart.append(
      s('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: y(level), y2: y(level) }),
      s('text', { class: 'axis-label', x: margin.left - 8, y: y(level) + 4, 'text-anchor': 'end', text: INTEREST_WORDS[level] }));
  }
  for (const tick of monthTicks(start, end, width - margin.left - margin.right)) {
    chart.append(
      s('line', { class: 'tick', x1: x(tick.time), x2: x(tick.time), y1: height - margin.bottom, y2: height - margin.bottom + 5 }),
      s('text', { class: 'axis-label', x: x(tick.time), y: height - 8, 'text-anchor': 'middle', text: tick.label }));
  }

  const legend = [];
  [...series.entries()].forEach(([club, points], index) => {
    const colour = `series-${index % 8}`;
    let path = '';
    points.forEach((point, i) => {
      const nextTime = i + 1 < points.length ? points[i + 1].time : end;
      if (point.level === null) return;
      path += `M${x(point.time).toFixed(1)} ${y(point.level).toFixed(1)}H${x(nextTime).toFixed(1)}`;
      const next = points[i + 1];
      if (next && next.level !== null) path += `V${y(next.level).toFixed(1)}`;
    });
    const group = s('g', { class: `series ${colour}`, 'data-club': club }, s('path', { d: path }));
    for (const point of points.filter((p) => p.level !== null)) {
      group.append(s('circle', { cx: x(point.time), cy: y(point.level), r: 3.5 },
        s('title', { text: `${club}: ${INTEREST_WORDS[point.level] ?? point.level}, ${formatDate(point.time)} (${point.reporter}, ${point.outlet})` })));
    }
    chart.append(group);
    legend.push(h('li', {}, h('span', { class: `swatch ${colour}`, 'aria-hidden': 'true' }), club));
  });

  const marked = asOf ? endOfDay(dayOf(`${asOf}T00:00:00Z`)) : end;
  const markX = Math.min(x(marked), width - margin.right);
  chart.append(
    s('line', { class: 'as-of-line', x1: markX, x2: markX, y1: margin.top - 6, y2: height - margin.bottom }),
    s('text', {
      class: 'as-of-label', x: markX, y: 12, 'text-anchor': markX > width - 80 ? 'end' : markX < margin.left + 40 ? 'start' : 'middle',
      text: asOf ? formatDate(marked) : 'now',
    }));

  container.replaceChildren(series.size ? chart : h('p', { class: 'empty', text: 'No club has been reported interested yet.' }));
  $('#chart-legend').replaceChildren(...legend);
}

export function chartSummary(series) {
  if (!series.size) return 'No interest reported';
  const parts = [...series.entries()].map(([club, points]) => {
    const levels = points.filter((p) => p.level !== null);
    const first = levels[0];
    const last = levels[levels.length - 1];
    return first === last
      ? `${club}: ${first.level} from ${formatDate(first.time)}`
      : `${club}: ${first.level} (${formatDate(first.time)}) to ${last.level} (${formatDate(last.time)})`;
  });
  return `Interest over time. ${parts.join('; ')}.`;
}

/** Month starts between start and end, thinned so labels never collide. */
export function monthTicks(start, end, pixels) {
  const months = [];
  const date = new Date(start);
  let cursor = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  while (cursor <= end) {
    months.push(cursor);
    const d = new Date(cursor);
    cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  const every = [1, 2, 3, 6, 12].find((n) => (pixels / Math.max(1, months.length)) * n >= 46) ?? 12;
  return months
    .filter((time) => new Date(time).getUTCMonth() % every === 0)
    .map((time) => {
      const d = new Date(time);
      return { time, label: d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : shortMonth.format(d) };
    });
}
