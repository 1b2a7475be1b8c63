// The message preview's page script (client/src/preview.ts inlines it with a CSP nonce). It builds the DOM from
// the extension's updates with textContent only: template text is never parsed as HTML here.
(function () {
  const vscode = acquireVsCodeApi();
  const SEVERITY_RANK = { error: 3, warning: 2, information: 1 };
  const fileEl = /** @type {HTMLElement} */ (document.getElementById('file'));
  const noticeEl = /** @type {HTMLElement} */ (document.getElementById('notice'));
  const messagesEl = /** @type {HTMLElement} */ (document.getElementById('messages'));
  const tooltip = /** @type {HTMLElement} */ (document.getElementById('tooltip'));
  const buttons = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('[data-filter]')]);
  const saved = vscode.getState() || {};
  let filter = saved.filter || 'all';
  let last = saved.last;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Text with `code` spans (as the server describes conditions) shown as code, still as text nodes only. */
  function withCode(tag, className, text) {
    const node = el(tag, className);
    text.split('`').forEach((part, i) => {
      if (part) node.append(i % 2 ? el('code', '', part) : document.createTextNode(part));
    });
    return node;
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
  }

  function summary(counts) {
    const parts = [];
    if (counts.error) parts.push(plural(counts.error, 'error'));
    if (counts.warning) parts.push(plural(counts.warning, 'warning'));
    if (counts.information) parts.push(`${counts.information} info`);
    return parts.length ? parts.join(' · ') : 'no findings';
  }

  function visible(message) {
    if (filter === 'resolved') return message.state === 'resolved';
    if (filter === 'unresolved') return message.state !== 'resolved';
    return true;
  }

  /** The message text split at every highlight and placeholder boundary, each piece wrapped as needed. */
  function renderText(message) {
    const body = el('div', 'text');
    const text = message.text;
    const cuts = new Set([0, text.length]);
    for (const h of message.highlights) cuts.add(h.start).add(h.end);
    for (const m of message.missing) cuts.add(m.start).add(m.end);
    const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
    let run = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i];
      const end = points[i + 1];
      const covering = message.highlights.map((h, index) => ({ h, index })).filter(({ h }) => h.start <= start && h.end >= end);
      const missing = message.missing.some((m) => m.start <= start && m.end >= end);
      const key = covering.map((c) => c.index).join(',');
      let container = body;
      if (covering.length) {
        if (!run || run.key !== key) {
          const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.h.severity] > SEVERITY_RANK[a.h.severity] ? b : a));
          // Clicking reveals the narrowest finding under the pointer.
          const target = covering.reduce((a, b) => (b.h.end - b.h.start < a.h.end - a.h.start ? b : a));
          const span = el('span', `hl sev-${worst.h.severity}`);
          span.tabIndex = 0;
          span.setAttribute('role', 'button');
          span.dataset.findings = key;
          span.dataset.rule = target.h.ruleId;
          span.dataset.range = JSON.stringify(target.h.range);
          span.setAttribute('aria-label', covering.map((c) => `${c.h.ruleId}: ${c.h.message}`).join(' '));
          run = { key, span, covering: covering.map((c) => c.h), target: target.h };
          body.append(span);
        }
        container = run.span;
      } else run = null;
      const piece = text.slice(start, end);
      if (missing) container.append(el('span', 'missing', piece));
      else container.append(document.createTextNode(piece));
      if (covering.length) run.span.__findings = run.covering;
    }
    return body;
  }

  function renderMessage(message) {
    const card = el('section', `message state-${message.state}`);
    card.dataset.state = message.state;
    const header = el('div', 'header');
    header.append(withCode('h2', 'label', message.label));
    const facts = el('span', 'facts');
    facts.append(el('span', `counts${message.counts.error ? ' has-error' : message.counts.warning ? ' has-warning' : ''}`, summary(message.counts)));
    facts.append(document.createTextNode(' · '));
    facts.append(el('span', `next ${message.hasNextUpdate ? 'yes' : 'no'}`, message.hasNextUpdate ? 'gives a next update' : message.state === 'resolved' ? 'no next update (none needed once resolved)' : 'no next update'));
    header.append(facts);
    card.append(header);
    if (message.conditions.length) card.append(withCode('div', 'conditions', `When ${message.conditions.join(', ')}`));
    if (message.html) card.append(el('div', 'conditions', 'HTML shown as text'));
    if (message.error) card.append(el('p', 'error', `Cannot render: ${message.error}`));
    else card.append(renderText(message));
    return card;
  }

  /** Where the pointer is, so a tooltip open over a highlight survives an update that rebuilds the text. */
  let pointer = null;

  function render() {
    const hovering = !tooltip.hidden && pointer;
    hideTooltip();
    for (const button of buttons) button.setAttribute('aria-checked', String(button.dataset.filter === filter));
    if (!last) return;
    fileEl.textContent = last.file;
    noticeEl.hidden = !last.notice;
    noticeEl.textContent = last.notice || '';
    const shown = last.messages.filter(visible);
    const nodes = shown.map(renderMessage);
    if (!nodes.length && !last.notice) nodes.push(el('p', 'empty', last.messages.length ? 'No message in this case state.' : 'This template renders no message.'));
    // One synchronous swap: the old messages stay on screen until the new ones are ready (no flicker).
    messagesEl.replaceChildren(...nodes);
    messagesEl.dataset.count = String(shown.length);
    if (hovering) {
      const span = highlightOf(document.elementFromPoint(pointer.x, pointer.y));
      if (span) showTooltip(span);
    }
  }

  function showTooltip(span) {
    const findings = span.__findings || [];
    if (!findings.length) return;
    const items = findings.map((h) => {
      const item = el('div', `item sev-${h.severity}`);
      const title = el('div', 'title');
      title.append(el('strong', '', h.ruleName || h.ruleId), document.createTextNode(' '), el('code', '', h.ruleId), document.createTextNode(` (${h.severity})`));
      item.append(title, el('div', 'what', h.message));
      if (h.why) item.append(el('div', 'why', h.why));
      return item;
    });
    items.push(el('div', 'hint', 'Click to show it in the template'));
    tooltip.replaceChildren(...items);
    tooltip.hidden = false;
    const box = span.getBoundingClientRect();
    const width = Math.min(420, document.documentElement.clientWidth - 16);
    tooltip.style.width = `${width}px`;
    tooltip.style.left = `${Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8))}px`;
    const below = box.bottom + 6 + window.scrollY;
    tooltip.style.top = `${below}px`;
    const height = tooltip.getBoundingClientRect().height;
    if (box.bottom + 6 + height > document.documentElement.clientHeight && box.top - 6 - height > 0) tooltip.style.top = `${box.top - 6 - height + window.scrollY}px`;
  }

  function hideTooltip() {
    tooltip.hidden = true;
  }

  function highlightOf(target) {
    return target instanceof Element ? target.closest('.hl') : null;
  }

  function reveal(span) {
    if (!span.dataset.range) return;
    vscode.postMessage({ type: 'reveal', range: JSON.parse(span.dataset.range) });
  }

  document.addEventListener('mousemove', (event) => {
    pointer = { x: event.clientX, y: event.clientY };
  });
  messagesEl.addEventListener('mouseover', (event) => {
    const span = highlightOf(event.target);
    if (span) showTooltip(span);
  });
  messagesEl.addEventListener('mouseout', (event) => {
    const span = highlightOf(event.target);
    if (span && !span.contains(/** @type {Node} */ (event.relatedTarget))) hideTooltip();
  });
  messagesEl.addEventListener('focusin', (event) => {
    const span = highlightOf(event.target);
    if (span) showTooltip(span);
  });
  messagesEl.addEventListener('focusout', hideTooltip);
  messagesEl.addEventListener('click', (event) => {
    const span = highlightOf(event.target);
    if (span) reveal(span);
  });
  messagesEl.addEventListener('keydown', (event) => {
    const span = highlightOf(event.target);
    if (span && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      reveal(span);
    }
  });
  for (const button of buttons) {
    button.addEventListener('click', () => {
      filter = button.dataset.filter || 'all';
      vscode.setState({ filter, last });
      vscode.postMessage({ type: 'caseFilter', value: filter });
      render();
    });
  }

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'update') {
      last = data;
      vscode.setState({ filter, last });
      render();
    } else if (data.type === 'caseFilter' && !saved.filter && ['all', 'resolved', 'unresolved'].includes(data.value)) {
      filter = data.value;
      render();
    }
  });

  render();
  vscode.postMessage({ type: 'ready' });
})();
