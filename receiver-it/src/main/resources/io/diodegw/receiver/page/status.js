// The receiver's status page: fetches /api/status and /api/history/lag every REFRESH_MS and renders them.
// Every text from the API goes into the page through textContent, text nodes or attributes, never as markup.
'use strict';

(() => {
  const REFRESH_MS = 2000;
  const FETCH_TIMEOUT_MS = 5000;
  const TOKEN_KEY = 'diodegw.apiToken';
  // Headline thresholds; the alarms section, when configured, carries the receiver's own thresholds.
  const LAG_DEGRADED_MS = 10000;
  const BACKLOG_DEGRADED_MS = 60000;
  const SINK_BEHIND_WARN_ENTRIES = 1000;
  const CHART_SPAN_MS = 3600000;
  const CHART_MIN_SPAN_MS = 300000;
  const CHART_WIDTH = 760;
  const CHART_HEIGHT = 190;
  const CHART_PAD = { left: 58, right: 14, top: 12, bottom: 26 };
  const DOTS_BELOW_POINTS = 40;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  let lastSuccessMs = 0;

  // ---- small DOM helpers (text only) ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attrs);
    appendAll(node, children);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attrs);
    appendAll(node, children);
    return node;
  }

  function setAttributes(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null) {
        node.setAttribute(name, String(value));
      }
    }
  }

  function appendAll(node, children) {
    for (const child of children.flat()) {
      if (child === undefined || child === null) {
        continue;
      }
      node.append(child instanceof Node ? child : String(child));
    }
  }

  function figure(testId, text, tone) {
    const node = document.querySelector('[data-testid="' + testId + '"]');
    if (node) {
      node.textContent = text;
      node.className = node.className.replace(/\bt-\w+\b/g, '').trim();
      if (tone) {
        node.classList.add('t-' + tone);
      }
    }
  }

  // ---- formatting ----

  const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

  function count(v) {
    return isNum(v) ? Math.round(v).toLocaleString('en-US') : '\u2013';
  }

  function duration(ms) {
    if (!isNum(ms)) {
      return '\u2013';
    }
    const abs = Math.abs(ms);
    if (abs < 1000) {
      return Math.round(ms) + ' ms';
    }
    if (abs < 60000) {
      return (ms / 1000).toFixed(abs < 10000 ? 2 : 1) + ' s';
    }
    if (abs < 3600000) {
      const minutes = Math.floor(abs / 60000);
      return (ms < 0 ? '-' : '') + minutes + ' min ' + Math.floor((abs % 60000) / 1000) + ' s';
    }
    const hours = Math.floor(abs / 3600000);
    return (ms < 0 ? '-' : '') + hours + ' h ' + Math.floor((abs % 3600000) / 60000) + ' min';
  }

  function ago(ms) {
    return isNum(ms) ? duration(ms) + ' ago' : 'never';
  }

  function bytes(v) {
    if (!isNum(v)) {
      return '\u2013';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = v;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 2 : 1)) + ' ' + units[unit];
  }

  function clock(date) {
    return date.toLocaleTimeString('en-GB', { hour12: false });
  }

  function isoAge(iso, nowMs) {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? null : nowMs - t;
  }

  function sum(values) {
    return values.reduce((a, b) => a + (isNum(b) ? b : 0), 0);
  }

  function stateTone(state) {
    switch (state) {
      case 'CONNECTED': return 'ok';
      case 'DEGRADED': case 'CONNECTING': return 'warn';
      case 'DISCONNECTED': return 'bad';
      default: return 'unknown';
    }
  }

  function lagTone(ms) {
    if (!isNum(ms)) {
      return null;
    }
    return ms >= LAG_DEGRADED_MS ? 'bad' : ms >= LAG_DEGRADED_MS / 2 ? 'warn' : 'ok';
  }

  // ---- health headline ----

  function assess(status) {
    const down = [];
    const degraded = [];
    const link = status.link || {};
    if (link.senderEpoch === null || link.senderEpoch === undefined) {
      down.push('the sender was never heard on the link');
    } else if (link.silent) {
      down.push('link silent: sender last heard ' + ago(link.sinceHeardMs));
    }
    const sources = status.sources || [];
    if (sources.length === 0) {
      degraded.push('no source known yet');
    }
    for (const source of sources) {
      const name = 'source ' + source.sourceId;
      if (source.state !== 'CONNECTED') {
        degraded.push(name + ' ' + (source.state || 'state unknown') + (source.reason ? ': ' + source.reason : ''));
      }
      const p99 = source.lagRecent ? source.lagRecent.p99Ms : null;
      if (isNum(p99) && p99 >= LAG_DEGRADED_MS) {
        degraded.push(name + ' lag p99 ' + duration(p99));
      }
    }
    const table = status.table || {};
    const stale = sum([table.tagsUncertain, table.tagsBad]);
    if (stale > 0) {
      degraded.push(count(stale) + ' stale tag' + (stale === 1 ? '' : 's'));
    }
    const gaps = status.gaps || {};
    if (isNum(gaps.open) && gaps.open > 0) {
      degraded.push(count(gaps.open) + ' open gap' + (gaps.open === 1 ? '' : 's') + ' (' +
        count(gaps.openSequences) + ' sequences)');
    }
    const sender = status.sender;
    if (sender && isNum(sender.oldestUnsentAgeMs) && sender.oldestUnsentAgeMs >= BACKLOG_DEGRADED_MS) {
      degraded.push('OT backlog: oldest unsent record ' + duration(sender.oldestUnsentAgeMs) + ' old');
    }
    for (const [name, sink] of Object.entries(status.sinks || {})) {
      if (sink && sink.lastError) {
        degraded.push('sink ' + name + ': ' + sink.lastError);
      }
    }
    const alarms = status.alarms;
    if (alarms && Array.isArray(alarms.active) && alarms.active.length > 0) {
      degraded.push(alarms.active.length + ' active alarm' + (alarms.active.length === 1 ? '' : 's'));
    }
    if (down.length > 0) {
      return { level: 'bad', word: 'down', reasons: down.concat(degraded) };
    }
    if (degraded.length > 0) {
      return { level: 'warn', word: 'degraded', reasons: degraded };
    }
    const worst = Math.max(0, ...sources.map((s) => (s.lagRecent && isNum(s.lagRecent.p99Ms)) ? s.lagRecent.p99Ms : 0));
    return {
      level: 'ok',
      word: 'healthy',
      reasons: [
        sources.length + ' source' + (sources.length === 1 ? '' : 's') + ' connected, ' + count(table.tags) +
          ' tags, lag p99 ' + duration(worst) + ' over the last minute',
        'sender heard ' + ago(link.sinceHeardMs) + ', no open gaps, no stale tags'
      ]
    };
  }

  function renderHealth(verdict) {
    const panel = document.getElementById('health');
    panel.className = 'health level-' + verdict.level;
    figure('health', verdict.word);
    const list = document.querySelector('[data-testid="health-reasons"]');
    list.replaceChildren(...verdict.reasons.map((r) => el('li', null, r)));
  }

  // ---- sections ----

  function renderLink(status) {
    const link = status.link || {};
    figure('link-heard-ago', ago(link.sinceHeardMs), link.silent ? 'bad' : 'ok');
    figure('link-epoch', link.senderEpoch || '\u2013');
    figure('link-datagrams', count(link.datagrams));
    figure('link-bytes', bytes(link.bytes));
    figure('link-blocks-repaired', count(link.blocksRepaired));
    figure('link-blocks-unrecoverable', count(link.blocksUnrecoverable), link.blocksUnrecoverable > 0 ? 'bad' : null);
    const refused = Object.entries(link.datagramsRefused || {});
    const refusedTotal = sum(refused.map(([, n]) => n));
    figure('link-refused-total', count(refusedTotal), refusedTotal > 0 ? 'warn' : null);
    figure('link-auth-failures', count(link.authFailures), link.authFailures > 0 ? 'warn' : null);
    const announcements = Object.entries(link.announcementsRefused || {});
    document.getElementById('refused-reasons').replaceChildren(
      ...refused.map(([reason, n]) => el('li', { 'data-testid': 'link-refused-' + reason }, reason + ': ' + count(n))),
      ...announcements.map(([reason, n]) => el('li', null, 'announcement ' + reason + ': ' + count(n))));
  }

  function renderBacklog(status) {
    const sender = status.sender;
    if (!sender) {
      for (const id of ['backlog-records', 'backlog-bytes', 'backlog-oldest-age', 'backlog-rates',
        'backlog-receiver-behind']) {
        figure(id, '\u2013');
      }
      figure('backlog-report-age', 'no report yet', 'muted');
      return;
    }
    const age = sender.oldestUnsentAgeMs;
    figure('backlog-records', count(sender.backlogRecords));
    figure('backlog-bytes', bytes(sender.backlogBytes));
    figure('backlog-oldest-age', duration(age),
      age >= BACKLOG_DEGRADED_MS ? 'bad' : age >= BACKLOG_DEGRADED_MS / 10 ? 'warn' : 'ok');
    figure('backlog-report-age', ago(sender.sinceReceivedMs));
    figure('backlog-rates', count(sender.inputRecordsPerSec) + ' / ' + count(sender.outputRecordsPerSec) + ' rec/s');
    figure('backlog-receiver-behind', count(sender.receiverBehindRecords) + ' rec');
  }

  function renderTags(status) {
    const table = status.table || {};
    figure('tag-count', count(table.tags));
    figure('source-count', count((status.sources || []).length));
    figure('stale-uncertain', count(table.tagsUncertain), table.tagsUncertain > 0 ? 'warn' : null);
    figure('stale-bad', count(table.tagsBad), table.tagsBad > 0 ? 'bad' : null);
    figure('stale-waiting', count(table.tagsWaitingForInitialData));
    figure('live-values', count(table.liveValuesApplied));
  }

  function renderSources(status) {
    const rows = (status.sources || []).map((s) => {
      const id = s.sourceId;
      const lag = s.lagRecent || {};
      const stale = sum([s.tagsUncertain, s.tagsBad]);
      return el('tr', null,
        el('td', null, el('strong', null, 'source ' + id)),
        el('td', null, el('span', { class: 'badge ' + stateTone(s.state), 'data-testid': 'source-state-' + id },
          s.state || 'UNKNOWN')),
        el('td', { class: 'num t-' + (lagTone(lag.p99Ms) || 'muted'), 'data-testid': 'source-lag-p99-' + id },
          duration(lag.p99Ms)),
        el('td', { class: 'num', 'data-testid': 'source-lag-p50-' + id }, duration(lag.p50Ms)),
        el('td', { class: 'num', 'data-testid': 'source-last-update-' + id }, ago(s.sinceLastUpdateMs)),
        el('td', { class: 'num', 'data-testid': 'source-tags-' + id }, count(s.tags)),
        el('td', { class: 'num' + (stale > 0 ? ' t-warn' : ''), 'data-testid': 'source-stale-' + id }, count(stale)),
        el('td', { class: 'num', 'data-testid': 'source-values-' + id }, count(s.valuesApplied)),
        el('td', { class: 'wrap t-muted' }, s.reason || ''));
    });
    document.getElementById('sources-body').replaceChildren(...(rows.length > 0 ? rows :
      [el('tr', null, el('td', { class: 'empty', colspan: 9 }, 'no source reported yet'))]));
  }

  function renderGaps(status, nowMs) {
    const gaps = status.gaps || {};
    figure('gaps-open', count(gaps.open), gaps.open > 0 ? 'bad' : 'ok');
    figure('gaps-open-sequences', count(gaps.openSequences));
    figure('gaps-opened', count(gaps.opened));
    figure('gaps-closed', count(gaps.closed));
    figure('gaps-abandoned', count(gaps.abandoned), gaps.abandoned > 0 ? 'warn' : null);
    const views = (gaps.openGaps || []).concat(gaps.recentGaps || []);
    const rows = views.map((g) => {
      const tone = g.state === 'open' ? 'bad' : g.state === 'closed' ? 'ok' : 'warn';
      const since = g.detectedAt || g.changedAt;
      return el('tr', null,
        el('td', null, el('span', { class: 'badge ' + tone }, g.state || '?')),
        el('td', { class: 'num' }, count(g.sequences)),
        el('td', { class: 'mono' }, count(g.fromSequence) + ' \u2026 ' + count(g.toSequence)),
        el('td', null, (g.sources || []).join(', ') || '\u2013'),
        el('td', { title: since || '' }, since ? ago(isoAge(since, nowMs)) : '\u2013'));
    });
    document.getElementById('gaps-body').replaceChildren(...(rows.length > 0 ? rows :
      [el('tr', null, el('td', { class: 'empty', colspan: 5 }, 'no open or recent gaps'))]));
  }

  function renderSinks(status) {
    const sinks = Object.entries(status.sinks || {});
    const rows = sinks.map(([name, s]) => el('tr', null,
      el('td', null, el('strong', { 'data-testid': 'sink-name-' + name }, name)),
      el('td', { class: 'num', 'data-testid': 'sink-delivered-' + name }, count(s.deliveredEntries)),
      el('td', { class: 'num' + (s.lagEntries > SINK_BEHIND_WARN_ENTRIES ? ' t-warn' : ''),
        'data-testid': 'sink-lag-' + name }, count(s.lagEntries)),
      el('td', { class: 'num' }, count(s.retries)),
      el('td', { class: 'num' + (s.errors > 0 ? ' t-bad' : ''), 'data-testid': 'sink-errors-' + name },
        count(s.errors)),
      el('td', { class: 'wrap' + (s.lastError ? ' t-bad' : ' t-muted') }, s.lastError || 'none')));
    document.getElementById('sinks-body').replaceChildren(...(rows.length > 0 ? rows :
      [el('tr', null, el('td', { class: 'empty', colspan: 6 }, 'no sink configured'))]));
  }

  function renderAlarms(status, nowMs) {
    const box = document.getElementById('alarms');
    const alarms = status.alarms;
    if (!alarms || typeof alarms !== 'object') {
      box.replaceChildren(el('div', { class: 'alarm-off', 'data-testid': 'alarms-state' }, 'alarms not configured'));
      return;
    }
    const active = Array.isArray(alarms.active) ? alarms.active : [];
    const recent = Array.isArray(alarms.recent) ? alarms.recent : [];
    const parts = [
      el('div', { class: 'alarm-counts' },
        el('span', null, el('strong', { 'data-testid': 'alarms-active' }, count(active.length)), ' active'),
        el('span', null, el('strong', { 'data-testid': 'alarms-raised' }, count(alarms.raised)), ' raised'),
        el('span', null, el('strong', { 'data-testid': 'alarms-cleared' }, count(alarms.cleared)), ' cleared'))
    ];
    if (active.length === 0) {
      parts.push(el('div', { class: 'alarm-none', 'data-testid': 'alarms-state' }, 'no active alarm'));
    } else {
      parts.push(el('div', { class: 'sub', 'data-testid': 'alarms-state' },
        active.length + ' active alarm' + (active.length === 1 ? '' : 's')));
      parts.push(el('ul', { class: 'alarm-list' }, active.map((a) => el('li', null,
        el('span', { class: 'when', title: a.since || '' }, a.since ? 'for ' + duration(isoAge(a.since, nowMs)) : ''),
        el('strong', null, (a.kind || '?') + ' \u00b7 ' + (a.subject || '?')),
        el('div', null, a.message || ('value ' + a.value + ' \u2265 threshold ' + a.threshold))))));
    }
    if (recent.length > 0) {
      parts.push(el('div', { class: 'sub' }, 'Recent'));
      parts.push(el('ul', { class: 'alarm-list' }, recent.slice(-8).reverse().map((e) =>
        el('li', { class: e.event === 'CLEARED' ? 'cleared' : '' },
          el('span', { class: 'when', title: e.time || '' }, e.time ? ago(isoAge(e.time, nowMs)) : ''),
          el('strong', null, (e.event || '?') + ' ' + (e.kind || '?') + ' \u00b7 ' + (e.subject || '?')),
          e.message ? el('div', null, e.message) : null))));
    }
    box.replaceChildren(...parts);
  }

  // ---- lag chart (our own SVG) ----

  function niceCeiling(value) {
    if (value <= 0) {
      return 10;
    }
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (value <= step * magnitude) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  function timeStepMs(spanMs) {
    for (const minutes of [1, 2, 5, 10, 15, 30]) {
      if (spanMs / (minutes * 60000) <= 7) {
        return minutes * 60000;
      }
    }
    return 3600000;
  }

  function shortMs(ms) {
    if (ms >= 60000) {
      return (ms / 60000).toFixed(ms % 60000 === 0 ? 0 : 1) + ' min';
    }
    if (ms >= 1000) {
      return (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1) + ' s';
    }
    return ms + ' ms';
  }

  function linePaths(points, key, x, y) {
    const segments = [];
    let current = [];
    for (const p of points) {
      if (isNum(p[key])) {
        current.push(x(p.t).toFixed(1) + ',' + y(p[key]).toFixed(1));
      } else if (current.length > 0) {
        segments.push(current);
        current = [];
      }
    }
    if (current.length > 0) {
      segments.push(current);
    }
    return segments;
  }

  function chart(series, nowMs, spanMs) {
    const points = series.points.map((p) => ({
      t: Date.parse(p.time), p50: p.p50Ms, p99: p.p99Ms, max: p.maxMs, count: p.count
    })).filter((p) => !Number.isNaN(p.t));
    const withData = points.filter((p) => isNum(p.p99) || isNum(p.p50));
    const x0 = nowMs - spanMs;
    const plotW = CHART_WIDTH - CHART_PAD.left - CHART_PAD.right;
    const plotH = CHART_HEIGHT - CHART_PAD.top - CHART_PAD.bottom;
    const yMax = niceCeiling(Math.max(0, ...withData.map((p) => Math.max(isNum(p.p99) ? p.p99 : 0,
      isNum(p.p50) ? p.p50 : 0))));
    const x = (t) => CHART_PAD.left + Math.max(0, Math.min(1, (t - x0) / spanMs)) * plotW;
    const y = (v) => CHART_PAD.top + plotH - Math.min(1, v / yMax) * plotH;

    const root = svg('svg', {
      class: 'chart', viewBox: '0 0 ' + CHART_WIDTH + ' ' + CHART_HEIGHT, role: 'img',
      'aria-label': 'lag of source ' + series.sourceId + ', p50 and p99',
      'data-testid': 'lag-chart-' + series.sourceId, 'data-points': withData.length
    });
    for (let i = 0; i <= 4; i++) {
      const v = (yMax * i) / 4;
      root.append(svg('line', { class: i === 0 ? 'axis' : 'grid-line', x1: CHART_PAD.left, x2: CHART_WIDTH -
        CHART_PAD.right, y1: y(v), y2: y(v) }));
      root.append(svg('text', { class: 'tick', x: CHART_PAD.left - 8, y: y(v) + 4, 'text-anchor': 'end' },
        shortMs(Math.round(v))));
    }
    const step = timeStepMs(spanMs);
    for (let t = Math.ceil(x0 / step) * step; t <= nowMs; t += step) {
      root.append(svg('line', { class: 'grid-line', x1: x(t), x2: x(t), y1: CHART_PAD.top, y2: CHART_PAD.top +
        plotH }));
      root.append(svg('text', { class: 'tick', x: x(t), y: CHART_HEIGHT - 8, 'text-anchor': 'middle' },
        new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false })));
    }
    if (withData.length === 0) {
      root.append(svg('text', { class: 'no-data', x: CHART_PAD.left + plotW / 2, y: CHART_PAD.top + plotH / 2,
        'text-anchor': 'middle' }, points.length === 0 ? 'no sample yet (one every 10 s)' :
        'no value applied in the last ' + shortMs(spanMs)));
      return root;
    }
    for (const segment of linePaths(points, 'p99', x, y)) {
      const first = segment[0].split(',')[0];
      const last = segment[segment.length - 1].split(',')[0];
      const base = (CHART_PAD.top + plotH).toFixed(1);
      root.append(svg('polygon', { class: 'area-p99',
        points: first + ',' + base + ' ' + segment.join(' ') + ' ' + last + ',' + base }));
      root.append(svg('polyline', { class: 'line-p99', points: segment.join(' ') }));
    }
    for (const segment of linePaths(points, 'p50', x, y)) {
      root.append(svg('polyline', { class: 'line-p50', points: segment.join(' ') }));
    }
    if (withData.length < DOTS_BELOW_POINTS) {
      for (const p of withData) {
        for (const key of ['p99', 'p50']) {
          if (isNum(p[key])) {
            root.append(svg('circle', { class: 'dot-' + key, cx: x(p.t), cy: y(p[key]), r: 3 },
              svg('title', null, new Date(p.t).toLocaleTimeString('en-GB') + ' ' + key + ' ' + duration(p[key]))));
          }
        }
      }
    }
    return root;
  }

  function renderCharts(history, nowMs) {
    const box = document.getElementById('charts');
    if (!history) {
      box.replaceChildren(el('div', { class: 'chart-empty' }, 'lag history unavailable'));
      return;
    }
    const sources = history.sources || [];
    if (sources.length === 0) {
      box.replaceChildren(el('div', { class: 'chart-empty' }, 'no source sampled yet (one sample every 10 s)'));
      return;
    }
    let oldestMs = nowMs;
    for (const series of sources) {
      if (series.points.length > 0) {
        oldestMs = Math.min(oldestMs, Date.parse(series.points[0].time) || nowMs);
      }
    }
    const spanMs = Math.min(CHART_SPAN_MS, Math.max(CHART_MIN_SPAN_MS, nowMs - oldestMs));
    const blocks = sources.map((series) => {
      const last = series.points.length > 0 ? series.points[series.points.length - 1] : null;
      return el('div', { class: 'chart-block' },
        el('div', { class: 'chart-title' },
          el('strong', null, 'source ' + series.sourceId),
          el('span', { 'data-testid': 'lag-latest-' + series.sourceId }, last ?
            'p50 ' + duration(last.p50Ms) + ' \u00b7 p99 ' + duration(last.p99Ms) + ' \u00b7 max ' +
            duration(last.maxMs) + ' \u00b7 ' + count(last.count) + ' values/min' : 'no sample yet')),
        chart(series, nowMs, spanMs));
    });
    const minutes = Math.round(spanMs / 60000);
    document.getElementById('chart-span').textContent = minutes >= 60 ? 'last hour' :
      'last ' + minutes + ' min (the history fills up to one hour)';
    box.replaceChildren(...blocks);
  }

  // ---- fetching ----

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch (e) {
      return '';
    }
  }

  async function getJson(path) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    const headers = { Accept: 'application/json' };
    if (token()) {
      headers.Authorization = 'Bearer ' + token();
    }
    try {
      const response = await fetch(path, { headers, cache: 'no-store', signal: controller.signal,
        credentials: 'omit' });
      if (response.status === 401) {
        const refused = new Error(path + ': 401 unauthorized \u2013 the API requires a token; enter it at the top right');
        refused.unauthorized = true;
        throw refused;
      }
      if (!response.ok) {
        let detail = '';
        try {
          detail = (await response.json()).error || '';
        } catch (e) {
          detail = '';
        }
        throw new Error(path + ': HTTP ' + response.status + (detail ? ' \u2013 ' + detail : ''));
      }
      return await response.json();
    } catch (e) {
      if (e.name === 'AbortError') {
        throw new Error(path + ': no answer within ' + FETCH_TIMEOUT_MS / 1000 + ' s');
      }
      if (e instanceof TypeError) {
        throw new Error(path + ': the receiver cannot be reached (' + e.message + ')');
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  function showError(message, unauthorized) {
    const banner = document.getElementById('error-banner');
    const since = lastSuccessMs > 0 ? ' \u2013 the figures below are from ' + clock(new Date(lastSuccessMs)) : '';
    banner.textContent = 'Cannot refresh: ' + message + since;
    banner.hidden = false;
    document.body.classList.add('stale');
    document.getElementById('pulse').className = 'pulse dead';
    if (unauthorized) {
      renderHealth({ level: 'unknown', word: 'unknown', reasons: ['the API requires a token: enter one at the top right'] });
      return;
    }
    renderHealth({ level: 'bad', word: 'down', reasons: [
      'the receiver\'s status API has not answered' + (lastSuccessMs > 0 ? ' since ' + clock(new Date(lastSuccessMs)) :
        ''),
      'the receiver may be stopped, or the network between this browser and the receiver is down'] });
  }

  function clearError() {
    const banner = document.getElementById('error-banner');
    banner.hidden = true;
    banner.textContent = '';
    document.body.classList.remove('stale');
    document.getElementById('pulse').className = 'pulse live';
  }

  async function refresh() {
    try {
      const [status, history] = await Promise.all([
        getJson('/api/status'),
        getJson('/api/history/lag').catch(() => null)
      ]);
      const nowMs = Date.parse(status.time) || Date.now();
      renderHealth(assess(status));
      renderLink(status);
      renderBacklog(status);
      renderTags(status);
      renderSources(status);
      renderCharts(history, nowMs);
      renderGaps(status, nowMs);
      renderSinks(status);
      renderAlarms(status, nowMs);
      lastSuccessMs = Date.now();
      figure('last-refreshed', clock(new Date(lastSuccessMs)));
      clearError();
    } catch (e) {
      showError(e && e.message ? e.message : String(e), Boolean(e && e.unauthorized));
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  function setUpToken() {
    const input = document.getElementById('token-input');
    input.value = token();
    document.getElementById('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      try {
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      } catch (e) {
        showError('the browser refuses session storage: the token cannot be kept');
      }
    });
    document.getElementById('token-clear').addEventListener('click', () => {
      input.value = '';
      try {
        sessionStorage.removeItem(TOKEN_KEY);
      } catch (e) {
        showError('the browser refuses session storage');
      }
    });
  }

  setUpToken();
  refresh();
})();
