() => {
  // What a person at the back of the room cannot read: text cut by its box, a page wider than the screen,
  // a chart title or axis title outside its chart, point labels on top of each other, a table with hidden columns.
  const out = [];
  const visible = (el) => { const cs = getComputedStyle(el); const r = el.getBoundingClientRect();
    return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  for (const el of main.querySelectorAll('p, span, div, button, label, h1, h2, h3, td, th')) {
    if (!visible(el) || el.closest('svg') || el.closest('[data-testid="stDataFrame"]') || el.closest('[data-testid="stCode"]')) continue;
    const text = (el.innerText || '').trim();
    if (!text) continue;
    const cs = getComputedStyle(el);
    const clips = cs.textOverflow === 'ellipsis' || cs.overflowX === 'hidden' || cs.overflow === 'hidden';
    if (clips && el.scrollWidth > el.clientWidth + 2 && !el.querySelector('*:not(br):not(span):not(strong):not(em):not(code)'))
      out.push(`text cut: "${text.slice(0, 50)}" needs ${el.scrollWidth}px, has ${el.clientWidth}px`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.push(`page ${document.documentElement.scrollWidth}px wide on a ${window.innerWidth}px screen`);
  for (const svg of main.querySelectorAll('svg.main-svg')) {
    if (!visible(svg)) continue;
    const box = svg.getBoundingClientRect();
    const root = svg.closest('.js-plotly-plot') || svg.parentElement;
    for (const t of root.querySelectorAll('.gtitle, .g-xtitle text, .g-ytitle text, .xtick text, .ytick text, .annotation-text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2)
        out.push(`chart text outside its chart: "${(t.textContent || '').slice(0, 50)}"`);
    }
    const labels = [...root.querySelectorAll('.textpoint text')].map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
      const [a, ra] = labels[i], [b, rb] = labels[j];
      const ox = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), oy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (ox > 2 && oy > 2) out.push(`point labels overlap: "${a}" and "${b}"`);
    }
    for (const ax of ['xtick', 'ytick']) {
      const ticks = [...root.querySelectorAll(`.${ax} text`)].map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
      for (let i = 0; i + 1 < ticks.length; i++) {
        const [a, ra] = ticks[i], [b, rb] = ticks[i + 1];
        const ox = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), oy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (ox > 1 && oy > 1) out.push(`axis labels overlap: "${a}" and "${b}"`);
      }
    }
  }
  return [...new Set(out)];
}
