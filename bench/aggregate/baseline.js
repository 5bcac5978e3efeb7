// The plain-JavaScript peer of the wasm engine (bench/aggregate): the obvious browser code
// for the same factsheet figures. NDJSON bytes -> JSON.parse per line into objects -> loops
// over (municipality, channel, Amsterdam quarter) cells: responses, reviews, tips, the
// totaaloordeel mean and distribution, CES, the six host items and the aspects, each score
// hidden under 10 answers. No validation (the engine validates every record: the baseline
// does less work, which favours it). Evaluated into the page; defines window.kpBaseline.
window.kpBaseline = function (bytes) {
  const HOST = ['host_bereidheid', 'host_deskundigheid', 'host_inleving', 'host_verantwoordelijkheid', 'host_oplossingen', 'host_gemeente'];
  const MIN = 10;
  const dstCache = new Map();
  // [start, end) of summer time in UTC ms: last Sunday of March / October, 01:00 UTC.
  function dst(year) {
    let d = dstCache.get(year);
    if (!d) {
      const lastSunday = (month) => { const t = new Date(Date.UTC(year, month, 31, 1)); return t.getTime() - t.getUTCDay() * 86400000; };
      d = [lastSunday(2), lastSunday(9)];
      dstCache.set(year, d);
    }
    return d;
  }
  function quarterOf(iso) {
    const t = Date.parse(iso);
    const y = new Date(t).getUTCFullYear();
    const [a, b] = dst(y);
    const local = new Date(t + (t >= a && t < b ? 7200000 : 3600000));
    return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
  }
  const cells = new Map();
  function cellOf(r) {
    const key = `${r.municipality}|${r.channel}|${quarterOf(r.submitted_at)}`;
    let c = cells.get(key);
    if (!c) {
      c = { key, responses: 0, reviews: 0, tips: 0, inviter: 0, dist: new Array(10).fill(0), moeite: [0, 0, 0, 0, 0, 0], items: new Map() };
      cells.set(key, c);
    }
    return c;
  }
  function addItem(c, id, v) {
    let s = c.items.get(id);
    if (!s) c.items.set(id, (s = { n: 0, sum: 0 }));
    s.n++; s.sum += v;
  }
  const decoder = new TextDecoder();
  const CHUNK = 16 << 20;
  for (let pos = 0; pos < bytes.length;) {
    let end = Math.min(bytes.length, pos + CHUNK);
    while (end < bytes.length && bytes[end - 1] !== 10) end++;
    const lines = decoder.decode(bytes.subarray(pos, end)).split('\n');
    pos = end;
    for (const line of lines) {
      if (!line) continue;
      const r = JSON.parse(line);
      const a = r.answers, c = cellOf(r);
      c.responses++;
      if (r.source === 'inviter') c.inviter++;
      if (typeof a.toelichting === 'string' && a.toelichting.trim()) c.reviews++;
      if (a.suggesties === 'ja') c.tips++;
      if (Number.isInteger(a.totaaloordeel)) c.dist[a.totaaloordeel - 1]++;
      if (Number.isInteger(a.moeite)) c.moeite[a.moeite]++;
      for (const id in a) if ((id.startsWith('host_') || id.startsWith('aspect_')) && Number.isInteger(a[id])) addItem(c, id, a[id]);
    }
  }
  const mean = (s) => (s && s.n >= MIN ? s.sum / s.n : null);
  const sheets = [];
  for (const c of cells.values()) {
    const published = c.responses >= MIN;
    const n = c.dist.reduce((x, y) => x + y, 0);
    const sum = c.dist.reduce((x, y, i) => x + y * (i + 1), 0);
    const cesN = c.moeite[1] + c.moeite[2] + c.moeite[3] + c.moeite[4] + c.moeite[5];
    const low = (c.moeite[4] + c.moeite[5]) / cesN * 100, high = (c.moeite[1] + c.moeite[2]) / cesN * 100;
    const host = HOST.map((id) => (published ? mean(c.items.get(id)) : null));
    const aspects = {};
    for (const [id, s] of c.items) if (id.startsWith('aspect_')) aspects[id] = { n: s.n, mean: published ? mean(s) : null };
    sheets.push({
      key: c.key, responses: c.responses, reviews: c.reviews, tips: c.tips, published,
      totaaloordeel: { n, mean: published && n >= MIN ? sum / n : null, distribution: published && n >= MIN ? c.dist : null },
      ces: { n: cesN, score: published && cesN >= MIN ? low - high : null },
      hostmanship: host.every((m) => m !== null) ? host.reduce((x, y) => x + y, 0) / 6 : null,
      aspects,
    });
  }
  return sheets.length;
};
